SELECT DISTINCT toUInt32(partition) FROM system.parts WHERE database = currentDatabase() AND table = ? AND active
