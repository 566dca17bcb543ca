package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

func isNotFound(err error) bool { return errors.Is(err, ErrNotFound) }

// newSecret returns 32 random bytes, URL-safe base64, and their SHA-256 in hex (what is
// stored).
func newSecret() (secret, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("random secret: %w", err)
	}
	secret = base64.RawURLEncoding.EncodeToString(b)
	return secret, hashSecret(secret), nil
}

func hashSecret(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// StartSession records a login of u and returns the session id for the cookie, valid for
// SessionTTL.
func (a *Accounts) StartSession(ctx context.Context, u User) (string, time.Time, error) {
	id, hash, err := newSecret()
	if err != nil {
		return "", time.Time{}, err
	}
	now := time.Now()
	exp := now.Add(a.SessionTTL)
	if err := a.writeCredential(ctx, "INSERT INTO sessions (id_hash, user, created_at, expires_at, revoked, version)",
		hash, u.Name, now, exp, uint8(0), version()); err != nil {
		return "", time.Time{}, fmt.Errorf("start session of %s: %w", u.Name, err)
	}
	a.remember(hash, u.Principal(), exp)
	return id, exp, nil
}

// EndSession revokes the session id (a logout).
func (a *Accounts) EndSession(ctx context.Context, id string) error {
	hash := hashSecret(id)
	a.forget(hash)
	now := time.Now()
	if err := a.writeCredential(ctx, "INSERT INTO sessions (id_hash, user, created_at, expires_at, revoked, version)",
		hash, "", now, now, uint8(1), version()); err != nil {
		return fmt.Errorf("end session: %w", err)
	}
	return nil
}

// Session returns the principal of a live session id, or ErrUnauthenticated.
func (a *Accounts) Session(ctx context.Context, id string) (Principal, error) {
	return a.lookup(ctx, id, "sessions", "id_hash")
}

// IssueToken creates an API token for the user name, valid for ttl (0: ten years), and
// returns it; only its hash is stored, so it is shown once.
func (a *Accounts) IssueToken(ctx context.Context, name, label string, ttl time.Duration) (string, error) {
	u, _, err := a.get(ctx, name)
	if err != nil {
		return "", err
	}
	tok, hash, err := newSecret()
	if err != nil {
		return "", err
	}
	if ttl <= 0 {
		ttl = 10 * 365 * 24 * time.Hour
	}
	now := time.Now()
	if err := a.writeCredential(ctx, "INSERT INTO api_tokens (token_hash, user, label, created_at, expires_at, revoked, version)",
		hash, u.Name, label, now, now.Add(ttl), uint8(0), version()); err != nil {
		return "", fmt.Errorf("issue token for %s: %w", name, err)
	}
	return "fe_" + tok, nil
}

// Token returns the principal of a live API token, or ErrUnauthenticated.
func (a *Accounts) Token(ctx context.Context, token string) (Principal, error) {
	if len(token) < 4 || token[:3] != "fe_" {
		return Principal{}, fmt.Errorf("malformed token: %w", ErrUnauthenticated)
	}
	return a.lookup(ctx, token[3:], "api_tokens", "token_hash")
}

func (a *Accounts) writeCredential(ctx context.Context, insert string, args ...any) error {
	batch, err := a.conn.PrepareBatch(ctx, insert)
	if err != nil {
		return err
	}
	defer batch.Close()
	if err := batch.Append(args...); err != nil {
		return err
	}
	return batch.Send()
}

// lookup finds secret's hash in table (sessions or api_tokens, a constant), joined to a
// live user; the answer is cached for CacheTTL.
func (a *Accounts) lookup(ctx context.Context, secret, table, key string) (Principal, error) {
	if secret == "" {
		return Principal{}, ErrUnauthenticated
	}
	hash := hashSecret(secret)
	now := time.Now()
	a.mu.Lock()
	c, ok := a.cache[hash]
	a.mu.Unlock()
	if ok && now.Before(c.expires) {
		return c.p, nil
	}
	rows, err := a.conn.Query(ctx, `SELECT user, expires_at FROM `+table+` FINAL WHERE `+key+` = ? AND revoked = 0`, hash)
	if err != nil {
		return Principal{}, fmt.Errorf("look up %s: %w", table, err)
	}
	var name string
	var exp time.Time
	found := rows.Next()
	if found {
		err = rows.Scan(&name, &exp)
	}
	rows.Close()
	if err != nil {
		return Principal{}, fmt.Errorf("look up %s: %w", table, err)
	}
	if !found {
		return Principal{}, fmt.Errorf("unknown or revoked credential: %w", ErrUnauthenticated)
	}
	u, _, err := a.get(ctx, name)
	if isNotFound(err) {
		return Principal{}, fmt.Errorf("user %s removed: %w", name, ErrUnauthenticated)
	} else if err != nil {
		return Principal{}, err
	}
	p := u.Principal()
	if !now.Before(exp) {
		return Principal{}, fmt.Errorf("expired credential: %w", ErrUnauthenticated)
	}
	a.remember(hash, p, exp)
	return p, nil
}

func (a *Accounts) remember(hash string, p Principal, exp time.Time) {
	until := time.Now().Add(a.CacheTTL)
	if exp.Before(until) {
		until = exp
	}
	a.mu.Lock()
	if len(a.cache) > 100000 {
		a.cache = map[string]cached{}
	}
	a.cache[hash] = cached{p: p, expires: until}
	a.mu.Unlock()
}

func (a *Accounts) forget(hash string) {
	a.mu.Lock()
	delete(a.cache, hash)
	a.mu.Unlock()
}
