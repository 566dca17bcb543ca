SELECT user, uid, epoch, expires_at
    FROM sessions FINAL WHERE id_hash = ? AND revoked = 0
