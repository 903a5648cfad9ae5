enum _PlaceholderCritMinAnalysis {}
