print("critmin")
