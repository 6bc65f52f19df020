package store

import (
	"context"
	"database/sql"
	"fmt"

	"chibo/vntext"
)

const eventColumns = `id, version, member_id, kind, date, end_date, done_date, organisation, document, reason`

// scanEvent reads the eventColumns of a row, then any further columns into extra.
func scanEvent(row scanner, extra ...any) (Event, error) {
	var e Event
	var d, ed, dd string
	dest := append([]any{&e.ID, &e.Version, &e.MemberID, &e.Kind, &d, &ed, &dd, &e.Organisation, &e.Document, &e.Reason}, extra...)
	err := row.Scan(dest...)
	e.Date, e.EndDate, e.DoneDate = ParseISO(d), ParseISO(ed), ParseISO(dd)
	return e, err
}

func (c *Cell) eventsTx(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, memberID string) ([]Event, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT `+eventColumns+`
		FROM member_events
		WHERE member_id = ? AND deleted = 0
		ORDER BY date, rowid`, memberID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Event{}
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		e.seq = len(out)
		out = append(out, e)
	}
	sortEvents(out)
	return out, rows.Err()
}

// Events returns a member's events in the order they happened: her timeline.
func (c *Cell) Events(ctx context.Context, memberID string) ([]Event, error) {
	evs, err := c.eventsTx(ctx, c.db, memberID)
	if err != nil {
		return nil, fmt.Errorf("store: events of %s: %w", memberID, err)
	}
	return evs, nil
}

func (c *Cell) insertEvent(ctx context.Context, tx *sql.Tx, e Event) (Event, error) {
	if e.ID == "" {
		e.ID = newID()
	}
	e.Version = 1
	ts := stamp()
	_, err := tx.ExecContext(ctx, `
		INSERT INTO member_events (`+eventColumns+`, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, e.Version, e.MemberID, e.Kind, e.Date.ISO(), e.EndDate.ISO(), e.DoneDate.ISO(),
		e.Organisation, e.Document, e.Reason, ts, ts)
	return e, err
}

// saveEventTx inserts a new event, rewrites a changed one with its version raised, or, when
// e.Date is zero, marks it deleted (a tombstone: the row stays, for the office to learn of it).
func (c *Cell) saveEventTx(ctx context.Context, tx *sql.Tx, e Event) error {
	if e.ID == "" {
		_, err := c.insertEvent(ctx, tx, e)
		return err
	}
	if e.Date.IsZero() {
		_, err := tx.ExecContext(ctx, `
			UPDATE member_events
			SET deleted = 1, version = version + 1, updated_at = ?
			WHERE id = ?`, stamp(), e.ID)
		return err
	}
	_, err := tx.ExecContext(ctx, `
		UPDATE member_events
		SET kind = ?, date = ?, end_date = ?, done_date = ?, organisation = ?, document = ?, reason = ?,
			version = version + 1, updated_at = ?
		WHERE id = ?`,
		e.Kind, e.Date.ISO(), e.EndDate.ISO(), e.DoneDate.ISO(), e.Organisation, e.Document, e.Reason, stamp(), e.ID)
	return err
}

// applyAdmissionDates makes evs agree with m's three admission dates: the latest event of each
// kind takes the date, a missing one is added, a cleared one is deleted. It returns the new
// list and the events that need saving (deleted ones have a zero Date).
func applyAdmissionDates(evs []Event, m *Member) ([]Event, []Event) {
	var changed []Event
	for _, x := range []struct {
		k EventKind
		d Date
	}{{EventAdmissionDecision, m.DecisionDate}, {EventAdmitted, m.CeremonyDate}, {EventOfficial, m.OfficialDate}} {
		idx := -1
		for i, e := range evs {
			if e.Kind == x.k || (x.k == EventAdmitted && e.Kind == EventReadmitted) {
				idx = i
			}
		}
		switch {
		case idx < 0 && !x.d.IsZero():
			e := Event{Kind: x.k, Date: x.d, MemberID: m.ID, seq: len(evs)}
			evs = append(evs, e)
			changed = append(changed, e)
		case idx >= 0 && x.d.IsZero():
			del := evs[idx]
			del.Date = Date{}
			changed = append(changed, del)
			evs = append(evs[:idx:idx], evs[idx+1:]...)
		case idx >= 0 && !evs[idx].Date.Equal(x.d):
			evs[idx].Date = x.d
			changed = append(changed, evs[idx])
		}
	}
	return evs, changed
}

// SaveEvent adds an event to a member's timeline (e.ID empty) or corrects one (e.Version the
// version that was read), after checking that her timeline still makes sense with it. The
// member's state is updated in the same transaction, and the change goes into her history.
func (c *Cell) SaveEvent(ctx context.Context, e Event) (Event, error) {
	return c.changeEvent(ctx, e, false)
}

// DeleteEvent removes an event entered by mistake (it stays as a tombstone for the office).
func (c *Cell) DeleteEvent(ctx context.Context, e Event) error {
	_, err := c.changeEvent(ctx, e, true)
	return err
}

func (c *Cell) changeEvent(ctx context.Context, e Event, del bool) (Event, error) {
	e.Organisation, e.Document, e.Reason = normText(e.Organisation), normText(e.Document), normNotes(e.Reason)
	err := c.withTx(ctx, func(tx *sql.Tx) error {
		m, err := c.getMemberTx(ctx, tx, e.MemberID)
		if err != nil {
			return err
		}
		evs, err := c.eventsTx(ctx, tx, e.MemberID)
		if err != nil {
			return err
		}
		var fe []FieldError
		if !e.Kind.Valid() {
			fe = append(fe, FieldError{Field: "kind", Key: "err.event.kind"})
		}
		today := Today()
		switch {
		case !del && e.Date.IsZero():
			fe = append(fe, FieldError{Field: "date", Key: "err.date.missing"})
		case !del && !e.Date.Valid():
			fe = append(fe, FieldError{Field: "date", Key: "err.date.invalid", Args: map[string]any{"Text": e.Date.Raw()}})
		case !del && e.Date.After(today):
			fe = append(fe, FieldError{Field: "date", Key: "err.date.future", Args: map[string]any{"Date": e.Date.DMY()}})
		}
		for _, x := range []struct {
			f string
			d Date
		}{{"end_date", e.EndDate}, {"done_date", e.DoneDate}} {
			if !x.d.IsZero() && !x.d.Valid() {
				fe = append(fe, FieldError{Field: x.f, Key: "err.date.invalid", Args: map[string]any{"Text": x.d.Raw()}})
			}
		}
		if !e.DoneDate.IsZero() && e.DoneDate.Valid() && (e.DoneDate.Before(e.Date) || e.DoneDate.After(today)) {
			fe = append(fe, FieldError{Field: "done_date", Key: "err.event.done_date"})
		}
		if len(fe) > 0 {
			return &ValidationError{Fields: fe}
		}
		oldText := ""
		idx := -1
		for i, x := range evs {
			if x.ID == e.ID && e.ID != "" {
				idx = i
			}
		}
		if e.ID != "" {
			if idx < 0 {
				return ErrNotFound
			}
			if evs[idx].Version != e.Version {
				return ErrConflict
			}
			oldText = eventText(evs[idx])
			e.seq = evs[idx].seq
			if del {
				evs = append(evs[:idx:idx], evs[idx+1:]...)
			} else {
				evs[idx] = e
			}
		} else {
			e.seq = len(evs)
			e.ID = newID()
			evs = append(evs, e)
		}
		d, efe := derive(evs, m.BirthDate)
		if efe != nil {
			return &ValidationError{Fields: []FieldError{*efe}}
		}
		newText := eventText(e)
		if del {
			newText = ""
			e.Date = Date{}
			if err := c.saveEventTx(ctx, tx, e); err != nil {
				return err
			}
		} else if oldText == "" {
			if _, err := c.insertEvent(ctx, tx, e); err != nil {
				return err
			}
			e.Version = 1
		} else {
			if err := c.saveEventTx(ctx, tx, e); err != nil {
				return err
			}
			e.Version++
		}
		if err := c.logChange(ctx, tx, m.ID, "event."+string(e.Kind), oldText, newText); err != nil {
			return err
		}
		m.State, m.Flags = d.State, d.Flags
		m.DecisionDate, m.CeremonyDate, m.OfficialDate = d.DecisionDate, d.CeremonyDate, d.OfficialDate
		m.Version++
		return c.writeMemberTx(ctx, tx, &m)
	})
	return e, err
}

func eventText(e Event) string {
	s := e.Date.ISO()
	for _, x := range []string{e.EndDate.ISO(), e.DoneDate.ISO(), e.Organisation, e.Document, e.Reason} {
		if x != "" {
			s += " | " + x
		}
	}
	return s
}

func normText(s string) string { return vntext.NFC(s) }
