"""The Residents section: the list, the detail pane, intake and the actions."""
