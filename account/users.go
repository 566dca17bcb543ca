package account

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/sirupsen/logrus"
	"golang.org/x/crypto/bcrypt"

	fsql "fullemp/sql"
)

// User is an account as listed by `fullemp user list` (never with its password).
type User struct {
	Name      string    `json:"name"`
	Role      Role      `json:"role"`
	Region    string    `json:"region"`
	CreatedAt time.Time `json:"created_at"`

	// uid is the identity the user's sessions and tokens are bound to (new at every Add);
	// sessionEpoch and tokenEpoch change when the password changes or on Revoke.
	uid                      string
	sessionEpoch, tokenEpoch uint64
}

// Principal returns the identity a request made by u acts for.
func (u User) Principal() Principal { return Principal{User: u.Name, Role: u.Role, Region: u.Region} }

// Accounts is the store of users, sessions, tokens, login lockouts and the audit trail,
// in ClickHouse (migrations 0004, 0010, 0011). Sessions and tokens are cached in memory so that a page view
// does not cost a round trip; a logout or a removal takes effect at once in this process,
// and in another one (the server) at its next Sync, which Watch runs every WatchEvery.
type Accounts struct {
	conn driver.Conn
	log  *logrus.Entry
	// BcryptCost is the cost of new password hashes (default bcrypt.DefaultCost).
	BcryptCost int
	// SessionTTL is how long a login lasts (default 12 hours).
	SessionTTL time.Duration
	// CacheTTL is how long a looked-up session or token is trusted without asking
	// ClickHouse again when Watch is not running or cannot read (default 30 seconds).
	CacheTTL time.Duration
	// WatchEvery is how often Watch reads the credentials' generation (default 1 s).
	WatchEvery time.Duration
	// Demo allows the demo's public passwords (only `fullemp demo-accounts` sets it).
	Demo bool
	// MinPasswordLen is the shortest password accepted (default 12).
	MinPasswordLen int
	// Throttle is the login throttle's configuration (default DefaultThrottle()); Login
	// reads it at the first login, so set it before.
	Throttle ThrottleConfig

	mu    sync.Mutex
	cache map[string]cached
	gen   uint64 // credentials' generation at the last Sync

	throttleMu sync.Mutex
	throttle   *throttle // made at the first Login
}

type cached struct {
	p       Principal
	expires time.Time
}

// New returns the accounts store on conn.
func New(conn driver.Conn, log *logrus.Entry) *Accounts {
	return &Accounts{
		conn: conn, log: log.WithField("component", "account"),
		BcryptCost: bcrypt.DefaultCost, SessionTTL: 12 * time.Hour, CacheTTL: 30 * time.Second,
		WatchEvery: time.Second, MinPasswordLen: 12, Throttle: DefaultThrottle(),
		cache: map[string]cached{},
	}
}

func version() uint64 { return uint64(time.Now().UnixNano()) }

// Add creates or replaces the user name with role, region and password. The user gets a
// new identity: sessions and tokens of an earlier user of the same name (removed, or
// replaced by this Add) do not work for the new one.
func (a *Accounts) Add(ctx context.Context, name string, role Role, region, password string) error {
	if name == "" || len(name) > 64 {
		return fmt.Errorf("user name %q: want 1 to 64 characters: %w", name, ErrInvalid)
	}
	if _, err := ParseRole(string(role), region); err != nil {
		return err
	}
	if err := a.checkPassword(name, password); err != nil {
		return err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), a.BcryptCost)
	if err != nil {
		return fmt.Errorf("hash password of %s: %w", name, err)
	}
	_, uid, err := newSecret()
	if err != nil {
		return err
	}
	v := version()
	u := User{Name: name, Role: role, Region: region, uid: uid[:32], sessionEpoch: v, tokenEpoch: v}
	if err := a.writeUser(ctx, u, string(hash), false); err != nil {
		return err
	}
	a.dropCached(name)
	return nil
}

// SetPassword changes the user's password and ends every session of theirs (API tokens
// stay; Revoke ends them too).
func (a *Accounts) SetPassword(ctx context.Context, name, password string) error {
	u, _, err := a.get(ctx, name)
	if err != nil {
		return err
	}
	if err := a.checkPassword(name, password); err != nil {
		return err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), a.BcryptCost)
	if err != nil {
		return fmt.Errorf("hash password of %s: %w", name, err)
	}
	u.sessionEpoch = version()
	if err := a.writeUser(ctx, u, string(hash), false); err != nil {
		return err
	}
	a.dropCached(name)
	return nil
}

// Revoke ends every session and every API token of the user; the password stays.
func (a *Accounts) Revoke(ctx context.Context, name string) error {
	u, hash, err := a.get(ctx, name)
	if err != nil {
		return err
	}
	v := version()
	u.sessionEpoch, u.tokenEpoch = v, v
	if err := a.writeUser(ctx, u, hash, false); err != nil {
		return err
	}
	a.dropCached(name)
	return nil
}

// RevokeToken ends one API token (fe_…) and returns the user it belonged to.
func (a *Accounts) RevokeToken(ctx context.Context, token string) (string, error) {
	p, err := a.Token(ctx, token)
	if err != nil {
		return "", err
	}
	hash := hashSecret(token[3:])
	a.forget(hash)
	now := time.Now()
	if err := a.writeCredential(ctx, "INSERT INTO api_tokens (token_hash, user, label, created_at, expires_at, revoked, version, uid, epoch)",
		hash, p.User, "", now, now, uint8(1), version(), "", uint64(0)); err != nil {
		return "", fmt.Errorf("revoke token: %w", err)
	}
	return p.User, nil
}

func (a *Accounts) dropCached(name string) {
	a.mu.Lock()
	for k, c := range a.cache {
		if c.p.User == name {
			delete(a.cache, k)
		}
	}
	a.mu.Unlock()
}

func (a *Accounts) writeUser(ctx context.Context, u User, hash string, deleted bool) error {
	name, role, region := u.Name, u.Role, u.Region
	batch, err := a.conn.PrepareBatch(ctx, "INSERT INTO users (name, role, region, password_hash, deleted, created_at, version, uid, session_epoch, token_epoch)")
	if err != nil {
		return fmt.Errorf("write user %s: %w", name, err)
	}
	defer batch.Close()
	var del uint8
	if deleted {
		del = 1
	}
	if err := batch.Append(name, string(role), region, hash, del, time.Now(), version(), u.uid, u.sessionEpoch, u.tokenEpoch); err != nil {
		return fmt.Errorf("write user %s: %w", name, err)
	}
	if err := batch.Send(); err != nil {
		return fmt.Errorf("write user %s: %w", name, err)
	}
	return nil
}

// Remove deletes the user; their sessions and tokens stop working (in another process,
// such as the server, at its next Sync: within a second while it runs Watch).
func (a *Accounts) Remove(ctx context.Context, name string) error {
	u, _, err := a.get(ctx, name)
	if err != nil {
		return err
	}
	if err := a.writeUser(ctx, u, "", true); err != nil {
		return err
	}
	a.dropCached(name)
	return nil
}

// List returns every user, by name.
func (a *Accounts) List(ctx context.Context) ([]User, error) {
	rows, err := a.conn.Query(ctx, qUsersList)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		var u User
		var role string
		if err := rows.Scan(&u.Name, &role, &u.Region, &u.CreatedAt); err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		u.Role = Role(role)
		out = append(out, u)
	}
	return out, rows.Err()
}

// get returns the live user name and their password hash, or ErrNotFound.
func (a *Accounts) get(ctx context.Context, name string) (User, string, error) {
	rows, err := a.conn.Query(ctx, qUserWithHash, name)
	if err != nil {
		return User{}, "", fmt.Errorf("read user %s: %w", name, err)
	}
	defer rows.Close()
	if !rows.Next() {
		return User{}, "", fmt.Errorf("user %s: %w", name, ErrNotFound)
	}
	var u User
	var role, hash string
	if err := rows.Scan(&u.Name, &role, &u.Region, &u.CreatedAt, &hash, &u.uid, &u.sessionEpoch, &u.tokenEpoch); err != nil {
		return User{}, "", fmt.Errorf("read user %s: %w", name, err)
	}
	u.Role = Role(role)
	return u, hash, nil
}

// Authenticate checks name and password and returns the user, or ErrBadLogin (the same
// error for an unknown name and a wrong password; a bcrypt comparison runs either way).
func (a *Accounts) Authenticate(ctx context.Context, name, password string) (User, error) {
	u, hash, err := a.get(ctx, name)
	if err != nil && !isNotFound(err) {
		return User{}, err
	}
	if hash == "" {
		hash = dummyHash
	}
	if cerr := bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)); cerr != nil || err != nil {
		return User{}, fmt.Errorf("login %s: %w", name, ErrBadLogin)
	}
	return u, nil
}

// dummyHash is compared against when the user does not exist, so that the answer takes as
// long as for a wrong password.
var dummyHash = func() string {
	h, _ := bcrypt.GenerateFromPassword([]byte("no such user"), bcrypt.DefaultCost)
	return string(h)
}()

// Queries of sql/queries read by this file.
var (
	qUsersList    = fsql.MustQuery("users_list")
	qUserWithHash = fsql.MustQuery("users_with_hash")
)
