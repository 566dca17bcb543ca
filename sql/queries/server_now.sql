-- The server's clock: every process compares times of this one clock.
SELECT now()
