SELECT user, uid, epoch, expires_at
    FROM api_tokens FINAL WHERE token_hash = ? AND revoked = 0
