package account

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// checkPassword applies the password policy: at least MinPasswordLen characters (12) and
// at most 72 bytes (bcrypt's limit), three of the four kinds of character (lower case,
// upper case, digits, others; as 等保 asks), not containing the user name, not a common
// password, and not one of the demo's public passwords unless the store is the demo's.
func (a *Accounts) checkPassword(name, pw string) error {
	min := a.MinPasswordLen
	if min <= 0 {
		min = 12
	}
	n := utf8.RuneCountInString(pw)
	switch {
	case n < min:
		return fmt.Errorf("password of %s: want at least %d characters, got %d (密码至少%d位): %w", name, min, n, min, ErrInvalid)
	case len(pw) > 72:
		return fmt.Errorf("password of %s: want at most 72 bytes (密码过长): %w", name, ErrInvalid)
	}
	if IsDemoPassword(pw) {
		if a.Demo {
			return nil
		}
		return fmt.Errorf("password of %s: the demo's passwords are public; choose another (演示密码是公开的，请另设密码): %w", name, ErrInvalid)
	}
	var lower, upper, digit, other int
	for _, r := range pw {
		switch {
		case unicode.IsLower(r):
			lower = 1
		case unicode.IsUpper(r):
			upper = 1
		case unicode.IsDigit(r):
			digit = 1
		default:
			other = 1
		}
	}
	if lower+upper+digit+other < 3 {
		return fmt.Errorf("password of %s: want three of lower case, upper case, digits and other characters (密码须含大写字母、小写字母、数字、其他字符中的三类): %w", name, ErrInvalid)
	}
	low := strings.ToLower(pw)
	if len(name) >= 3 && strings.Contains(low, strings.ToLower(name)) {
		return fmt.Errorf("password of %s: must not contain the user name (密码不能包含用户名): %w", name, ErrInvalid)
	}
	for _, c := range commonPasswords {
		if strings.Contains(low, c) {
			return fmt.Errorf("password of %s: too easy to guess (%q) (密码过于简单): %w", name, c, ErrInvalid)
		}
	}
	return nil
}

// IsDemoPassword reports a password of the demo's kind (city-demo-2009 and its like).
func IsDemoPassword(pw string) bool { return strings.Contains(strings.ToLower(pw), "-demo-") }

// commonPasswords are fragments no password may contain.
var commonPasswords = []string{"password", "12345678", "qwerty", "admin123", "abc12345", "11111111", "88888888", "66666666"}
