-- Records a state of a reservation, stamped with the server's clock: 'reserved' (again, for
-- a running refresh's heartbeat), 'withdrawn' or 'done'. Args: token, kind, file_id,
-- version_from, version_to, state.
INSERT INTO version_reservations (token, kind, file_id, version_from, version_to, state, at) SELECT ?, ?, ?, ?, ?, ?, now()
