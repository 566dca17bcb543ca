package account

import "errors"

// The domain errors of the web application. The one fiber ErrorHandler (api) maps each to
// an HTTP status; code that finds one of these situations wraps the sentinel with %w.
var (
	// ErrUnauthenticated: no valid session or token (401, or the login page).
	ErrUnauthenticated = errors.New("not logged in")
	// ErrForbidden: the region or action is outside the user's area or role (403).
	ErrForbidden = errors.New("forbidden")
	// ErrNotFound: no such region, page or record (404).
	ErrNotFound = errors.New("not found")
	// ErrInvalid: a malformed parameter or input (400).
	ErrInvalid = errors.New("invalid")
	// ErrBadLogin: wrong user name or password (401, without saying which).
	ErrBadLogin = errors.New("wrong user name or password")
)
