"""What loading keeps: the validated copy of a folder, weekly snapshots, stored tables."""
