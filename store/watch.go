package store

import (
	"context"
	"fmt"
)

// WatchRow is a member who may have a deadline, with her events: what the watch list needs.
type WatchRow struct {
	ID       string
	FullName string
	State    string
	Flags    []string
	HasCCCD  bool
	Events   []Event
}

// WatchRows returns the members that may have a deadline: candidates and probationary
// members, temporary moves, transfers in and leavings whose follow-up is not recorded, and
// members with no CCCD. Two queries over partial indexes, whatever the roster's size.
func (c *Cell) WatchRows(ctx context.Context) ([]WatchRow, error) {
	const pick = `
		SELECT id
		FROM members
		WHERE state IN ('candidate', 'probationary') OR flags <> '' OR ` + noCCCD + `
		UNION
		SELECT member_id
		FROM member_events
		WHERE deleted = 0 AND done_date = ''
			AND kind IN ('transfer_in', 'deceased', 'expelled', 'removed', 'resigned')`
	rows, err := c.db.QueryContext(ctx, `
		SELECT id, full_name, state, flags, NOT (`+noCCCD+`)
		FROM members
		WHERE id IN (`+pick+`)
		ORDER BY sort_key, id`)
	if err != nil {
		return nil, fmt.Errorf("store: watch rows: %w", err)
	}
	out := []WatchRow{}
	index := map[string]int{}
	for rows.Next() {
		var w WatchRow
		var flags string
		if err := rows.Scan(&w.ID, &w.FullName, &w.State, &flags, &w.HasCCCD); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: watch rows: %w", err)
		}
		w.Flags = splitFlags(flags)
		index[w.ID] = len(out)
		out = append(out, w)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	evRows, err := c.db.QueryContext(ctx, `
		SELECT `+eventColumns+`
		FROM member_events
		WHERE deleted = 0 AND member_id IN (`+pick+`)
		ORDER BY member_id, date, rowid`)
	if err != nil {
		return nil, fmt.Errorf("store: watch events: %w", err)
	}
	defer evRows.Close()
	for evRows.Next() {
		e, err := scanEvent(evRows)
		if err != nil {
			return nil, fmt.Errorf("store: watch events: %w", err)
		}
		if i, ok := index[e.MemberID]; ok {
			e.seq = len(out[i].Events)
			out[i].Events = append(out[i].Events, e)
		}
	}
	for i := range out {
		sortEvents(out[i].Events)
	}
	return out, evRows.Err()
}
