package ingest

import (
	"time"

	"fullemp/idcard"
)

// person is what an identity number carries: the normalized number, the birth date as
// YYYYMMDD and as a date, and the sex.
type person struct {
	id    string
	birth uint32
	born  time.Time
	male  uint8
}

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// readID validates an identity number like idcard.Normalize (15 digits converted to 18,
// check digit, real birth date) without allocating on the common valid 18-character form;
// anything else goes through idcard, which also gives the reason.
func readID(s string) (person, error) {
	if len(s) == 18 && fastValid(s) {
		return personOf(s), nil
	}
	id, err := idcard.Normalize(s)
	if err != nil {
		return person{}, err
	}
	return personOf(id), nil
}

// fastValid checks an 18-character number with an upper-case or digit check character.
func fastValid(s string) bool {
	sum := 0
	for i := 0; i < 17; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return false
		}
		sum += int(c-'0') * idWeights[i]
	}
	if "10X98765432"[sum%11] != s[17] {
		return false
	}
	y, m, d := atoi(s[6:10]), atoi(s[10:12]), atoi(s[12:14])
	return y >= 1880 && validDay(y, m, d)
}

func personOf(id string) person {
	y, m, d := atoi(id[6:10]), atoi(id[10:12]), atoi(id[12:14])
	return person{
		id:    id,
		birth: uint32(y*10000 + m*100 + d),
		born:  time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC),
		male:  (id[16] - '0') % 2,
	}
}
