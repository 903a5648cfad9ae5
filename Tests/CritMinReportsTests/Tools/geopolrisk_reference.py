"""Runs the reference implementation geopolrisk-py 2.0.1 for the United States and Canada and writes its results as CSV.

Usage: python geopolrisk_reference.py OUTPUT.csv FIRST_YEAR LAST_YEAR
geopolrisk-py writes logs and an output database under ~/Documents/geopolrisk: run with HOME set to a scratch folder.
"""
import csv
import sys

from geopolrisk.assessment.main import gprs_calc
from geopolrisk.assessment.utils import default_rmlist

output, first, last = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
results = gprs_calc(list(range(first, last + 1)), ["USA", "Canada"], default_rmlist())
with open(output, "w", newline="") as handle:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(["country", "raw_material", "year", "score", "cf", "hhi", "import_risk", "price"])
    for _, row in results.iterrows():
        writer.writerow([
            row["Country [Economic Entity]"], row["Raw Material"], int(row["Year"]), repr(float(row["GeoPolRisk Score"])),
            repr(float(row["GeoPolRisk Characterization Factor [eq. Kg-Cu/Kg]"])), repr(float(row["HHI"])),
            repr(float(row["Import Risk"])), repr(float(row["Price"])),
        ])
