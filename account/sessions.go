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

	fsql "fullemp/sql"
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
	if err := a.writeCredential(ctx, "INSERT INTO sessions (id_hash, user, created_at, expires_at, revoked, version, uid, epoch)",
		hash, u.Name, now, exp, uint8(0), version(), u.uid, u.sessionEpoch); err != nil {
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
	if err := a.writeCredential(ctx, "INSERT INTO sessions (id_hash, user, created_at, expires_at, revoked, version, uid, epoch)",
		hash, "", now, now, uint8(1), version(), "", uint64(0)); err != nil {
		return fmt.Errorf("end session: %w", err)
	}
	return nil
}

// Session returns the principal of a live session id, or ErrUnauthenticated.
func (a *Accounts) Session(ctx context.Context, id string) (Principal, error) {
	return a.lookup(ctx, id, qSessionLookup, false)
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
	if err := a.writeCredential(ctx, "INSERT INTO api_tokens (token_hash, user, label, created_at, expires_at, revoked, version, uid, epoch)",
		hash, u.Name, label, now, now.Add(ttl), uint8(0), version(), u.uid, u.tokenEpoch); err != nil {
		return "", fmt.Errorf("issue token for %s: %w", name, err)
	}
	return "fe_" + tok, nil
}

// Token returns the principal of a live API token, or ErrUnauthenticated.
func (a *Accounts) Token(ctx context.Context, token string) (Principal, error) {
	if len(token) < 4 || token[:3] != "fe_" {
		return Principal{}, fmt.Errorf("malformed token: %w", ErrUnauthenticated)
	}
	return a.lookup(ctx, token[3:], qTokenLookup, true)
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

// lookup finds secret's hash with query (sessions or api_tokens) and checks it against
// the live user of its name: same identity (uid) and same epoch, so that a credential of
// a removed, re-added, re-passworded or revoked user is dead. The answer is cached.
func (a *Accounts) lookup(ctx context.Context, secret, query string, token bool) (Principal, error) {
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
	rows, err := a.conn.Query(ctx, query, hash)
	if err != nil {
		return Principal{}, fmt.Errorf("look up credential: %w", err)
	}
	var name, uid string
	var epoch uint64
	var exp time.Time
	found := rows.Next()
	if found {
		err = rows.Scan(&name, &uid, &epoch, &exp)
	}
	rows.Close()
	if err != nil {
		return Principal{}, fmt.Errorf("look up credential: %w", err)
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
	want := u.sessionEpoch
	if token {
		want = u.tokenEpoch
	}
	if uid != u.uid || epoch != want {
		return Principal{}, fmt.Errorf("credential of an earlier identity or epoch of %s: %w", name, ErrUnauthenticated)
	}
	p := u.Principal()
	if !now.Before(exp) {
		return Principal{}, fmt.Errorf("expired credential: %w", ErrUnauthenticated)
	}
	a.remember(hash, p, exp)
	return p, nil
}

// Sync drops every cached credential when users, sessions or tokens changed since the
// last Sync (in any process: a `fullemp user remove` beside a running server).
func (a *Accounts) Sync(ctx context.Context) error {
	var gen uint64
	if err := a.conn.QueryRow(ctx, qCredentialsGeneration).Scan(&gen); err != nil {
		return fmt.Errorf("read credentials generation: %w", err)
	}
	a.mu.Lock()
	if gen != a.gen {
		a.gen = gen
		a.cache = map[string]cached{}
	}
	a.mu.Unlock()
	return nil
}

// Watch runs Sync every WatchEvery until ctx ends; while it runs, a credential cached by
// this process is trusted until the next change, not just for CacheTTL.
func (a *Accounts) Watch(ctx context.Context) {
	t := time.NewTicker(a.WatchEvery)
	defer t.Stop()
	for {
		sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		if err := a.Sync(sctx); err != nil && ctx.Err() == nil {
			a.log.WithError(err).Warn("credentials watch")
		}
		cancel()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Queries of sql/queries read by this file.
var (
	qSessionLookup         = fsql.MustQuery("session_lookup")
	qTokenLookup           = fsql.MustQuery("token_lookup")
	qCredentialsGeneration = fsql.MustQuery("credentials_generation")
)

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
