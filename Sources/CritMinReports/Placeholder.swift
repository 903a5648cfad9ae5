enum _PlaceholderCritMinReports {}
