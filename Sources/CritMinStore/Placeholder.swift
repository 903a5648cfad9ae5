enum _PlaceholderCritMinStore {}
