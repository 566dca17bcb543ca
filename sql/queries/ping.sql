SELECT toUInt8(1) AS one
