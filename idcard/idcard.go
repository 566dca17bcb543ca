// Package idcard reads Chinese resident identity numbers (GB 11643-1999): the check digit,
// the conversion of 15-digit pre-1999 numbers, and the birth date and sex they carry.
// The address part is not checked against today's codes: old codes stay valid on old cards.
package idcard

import (
	"errors"
	"strings"
	"time"
)

var weights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const checkChars = "10X98765432"

// ErrLength, ErrDigits, ErrBirthDate and ErrCheckDigit say why a number is not valid.
var (
	ErrLength     = errors.New("must have 18 characters (or 15 digits before 1999)")
	ErrDigits     = errors.New("must be digits, with X only as the 18th character")
	ErrBirthDate  = errors.New("birth date in the number is not a real date")
	ErrCheckDigit = errors.New("check digit does not match (GB 11643)")
)

// CheckDigit computes the 18th character for the first 17 digits.
func CheckDigit(first17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(first17[i]-'0') * weights[i]
	}
	return checkChars[sum%11]
}

// Normalize validates s and returns it as an 18-character number with an upper-case X:
// a 15-digit number gets "19" inserted before its year and a computed check digit.
func Normalize(s string) (string, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	switch len(s) {
	case 15:
		if !allDigits(s) {
			return "", ErrDigits
		}
		s17 := s[:6] + "19" + s[6:]
		if _, err := birth(s17); err != nil {
			return "", err
		}
		return s17 + string(CheckDigit(s17)), nil
	case 18:
		if !allDigits(s[:17]) || !(s[17] == 'X' || (s[17] >= '0' && s[17] <= '9')) {
			return "", ErrDigits
		}
		if _, err := birth(s); err != nil {
			return "", err
		}
		if CheckDigit(s[:17]) != s[17] {
			return "", ErrCheckDigit
		}
		return s, nil
	}
	return "", ErrLength
}

// BirthDate returns the birth date carried by a normalized 18-character number.
func BirthDate(id string) time.Time {
	t, _ := birth(id)
	return t
}

// Male reports whether a normalized number belongs to a man: the 17th digit is odd.
func Male(id string) bool {
	return (id[16]-'0')%2 == 1
}

func birth(id string) (time.Time, error) {
	t, err := time.Parse("20060102", id[6:14])
	if err != nil || t.Year() < 1880 {
		return time.Time{}, ErrBirthDate
	}
	return t, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// AgeOn returns the age in whole years, on day, of a person born on birth: the birthday
// counts from its own day (born 1993-12-31 is 16 on 2009-12-31). Someone born on 29
// February reaches a new age on 1 March in common years.
func AgeOn(birth, day time.Time) int {
	age := day.Year() - birth.Year()
	if day.Month() < birth.Month() || (day.Month() == birth.Month() && day.Day() < birth.Day()) {
		age--
	}
	return age
}

// Make builds a valid 18-character number from a 6-digit address code, a birth date, a
// 3-digit sequence (odd for men) and computes its check digit. The generator and tests use it.
func Make(address string, birth time.Time, seq int) string {
	s17 := address + birth.Format("20060102") + threeDigits(seq)
	return s17 + string(CheckDigit(s17))
}

func threeDigits(n int) string {
	n = ((n % 1000) + 1000) % 1000
	return string([]byte{byte('0' + n/100), byte('0' + n/10%10), byte('0' + n%10)})
}

// Chinese says in Chinese why a number is not valid, for the people who fix the ledger.
func Chinese(err error) string {
	switch {
	case errors.Is(err, ErrLength):
		return "身份证号应为18位（1999年前的旧证为15位）"
	case errors.Is(err, ErrDigits):
		return "身份证号只能是数字，第18位可为X"
	case errors.Is(err, ErrBirthDate):
		return "身份证号中的出生日期不存在"
	case errors.Is(err, ErrCheckDigit):
		return "校验码不符（GB 11643）"
	}
	return "身份证号无效"
}
