package store

import (
	"context"
	"fmt"

	"chibo/vntext"
)

// RosterEntry is what the roster list shows of a member; the editor loads the rest.
type RosterEntry struct {
	ID           string
	FullName     string
	Gender       string
	BirthDate    Date
	Ethnicity    string
	State        string
	Flags        []string
	CeremonyDate Date
	OfficialDate Date
	CardNumber   string
	search       string
}

// Roster is a snapshot of every member in Vietnamese order, with what search needs, held in
// memory so that filtering as one types never touches the disk. It is not safe for concurrent
// use; a screen takes a new snapshot after each save.
type Roster struct {
	Entries []RosterEntry
}

// Roster loads the snapshot.
func (c *Cell) Roster(ctx context.Context) (*Roster, error) {
	rows, err := c.db.QueryContext(ctx, `
		SELECT id, roster_row
		FROM members
		ORDER BY sort_key, id`)
	if err != nil {
		return nil, fmt.Errorf("store: roster: %w", err)
	}
	defer rows.Close()
	r := &Roster{Entries: []RosterEntry{}}
	var row string
	for rows.Next() {
		var e RosterEntry
		if err := rows.Scan(&e.ID, &row); err != nil {
			return nil, fmt.Errorf("store: roster: %w", err)
		}
		if err := c.openRosterRow(row, &e); err != nil {
			return nil, err
		}
		r.Entries = append(r.Entries, e)
	}
	return r, rows.Err()
}

// Filter returns the indexes into Entries of the entries that match query, in roster order.
// The query ignores case and diacritics ("nguyen thi thao" finds "Nguyễn Thị Thảo", "dang"
// finds "Đặng"); every word must appear in the name, the other name, the CCCD or the card
// number. keep, when not nil, further limits the result (to current members, say).
func (r *Roster) Filter(query string, keep func(*RosterEntry) bool, into []int) []int {
	toks := vntext.QueryTokens(query)
	out := into[:0]
	for i := range r.Entries {
		e := &r.Entries[i]
		if keep != nil && !keep(e) {
			continue
		}
		if len(toks) == 0 || vntext.Matches(e.search, toks) {
			out = append(out, i)
		}
	}
	return out
}

// MatchesMember reports whether query finds m, by the same rule as Roster.Filter.
func MatchesMember(m *Member, query string) bool {
	toks := vntext.QueryTokens(query)
	return len(toks) == 0 || vntext.Matches(memberSearchText(m), toks)
}
