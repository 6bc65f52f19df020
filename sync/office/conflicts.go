package office

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os/user"
	"regexp"
	"strconv"
	"strings"
	"time"

	"chibo/i18n"
	"chibo/store"
	"chibo/sync/payload"
	"chibo/vntext"
)

// What a person keeps when settling a conflict (ResolveConflict), and what became of a settled
// one (ConflictRecord.Kept).
const (
	// KeepHeld: the office keeps the record it had; the incoming copy stays kept aside.
	KeepHeld = "held"
	// KeepIncoming: the incoming copy replaces the held record, which stays kept aside.
	KeepIncoming = "incoming"
	// KeptSuperseded: a later bundle brought a higher version of the record, which replaced
	// the held one as any newer version does; nobody had to choose.
	KeptSuperseded = "superseded"
)

// ConflictRecord is a record kept aside: a bundle carried it with the same id and version as
// one the office holds, but other content. The held record stays as it was until a person
// settles the conflict with ResolveConflict.
type ConflictRecord struct {
	ID       int64  `json:"id"`
	Cell     string `json:"cell"`
	CellName string `json:"cell_name"`
	Kind     string `json:"kind"` // payload.KindMember, KindEvent or KindMeeting
	RecordID string `json:"record_id"`
	Version  int    `json:"version"`
	// What names the record for a person: the member's name, the meeting's date, the event
	// with its member's name.
	What     string `json:"what"`
	HeldHash string `json:"held_hash"`
	Hash     string `json:"hash"`
	Deleted  bool   `json:"deleted"` // the incoming copy is a deletion
	// Data is the incoming record kept aside; HeldData the record the office holds now (for a
	// conflict settled by taking the incoming copy, the record it replaced).
	Data     json.RawMessage `json:"data"`
	HeldData json.RawMessage `json:"held_data"`
	// HeldVersion is the version the office holds now: a later bundle may have brought a
	// higher one (then the conflict was superseded).
	HeldVersion int `json:"held_version"`
	// Changes are the members of the data that differ, in words (see Changes).
	Changes   []Change  `json:"changes"`
	BundleSeq uint64    `json:"bundle_seq"`
	Bundle    string    `json:"bundle"` // the file name of the bundle that carried it
	At        time.Time `json:"at"`     // when it was kept aside
	// Kept is "" while the conflict waits for a person, then KeepHeld, KeepIncoming or
	// KeptSuperseded; ResolvedBy names who settled it (for a superseded one, the bundle).
	Kept       string    `json:"kept"`
	ResolvedAt time.Time `json:"resolved_at"`
	ResolvedBy string    `json:"resolved_by"`
}

// Open reports whether the conflict still waits for a person.
func (c ConflictRecord) Open() bool { return c.Kept == "" }

// Change is one member of a record's data that differs between the held and the incoming
// copy, in words a clerk understands: the field's name as the roster or the minutes show it,
// and both values (dates as dd/mm/yyyy, codes as their names, "" as "(trống)").
type Change struct {
	Field    string `json:"field"` // the data member: "full_name", "body.topic"
	Label    string `json:"label"`
	Held     string `json:"held"`
	Incoming string `json:"incoming"`
}

// conflictSelect reads conflicts with what is needed to describe them; the held record is the
// one the office holds now.
const conflictSelect = `
	SELECT c.id, c.cell, coalesce(cl.name, ''), c.kind, c.record_id, c.version, c.held_hash, c.hash, c.deleted,
		c.data, coalesce(r.data, 'null'), coalesce(r.version, 0), c.bundle_seq, coalesce(b.file_name, ''), c.at,
		c.kept, c.resolved_at, c.resolved_by, c.replaced_data
	FROM conflicts c
	LEFT JOIN cells cl ON cl.code = c.cell
	LEFT JOIN records r ON r.cell = c.cell AND r.kind = c.kind AND r.id = c.record_id
	LEFT JOIN bundles b ON b.cell = c.cell AND b.epoch = c.epoch AND b.seq = c.bundle_seq`

// Conflicts lists the records kept aside that wait for a person, oldest first, each with its
// changes described in the current language (i18n.Current).
func (o *Office) Conflicts(ctx context.Context) ([]ConflictRecord, error) {
	return o.listConflicts(ctx, `WHERE c.kept = '' ORDER BY c.id`)
}

// SettledConflicts lists the conflicts already settled, the latest first.
func (o *Office) SettledConflicts(ctx context.Context) ([]ConflictRecord, error) {
	return o.listConflicts(ctx, `WHERE c.kept <> '' ORDER BY c.resolved_at DESC, c.id DESC`)
}

// Conflict returns one conflict, open or settled, or a *ResolveError ("no_such").
func (o *Office) Conflict(ctx context.Context, id int64) (ConflictRecord, error) {
	cs, err := o.listConflicts(ctx, `WHERE c.id = ?`, id)
	if err != nil {
		return ConflictRecord{}, err
	}
	if len(cs) == 0 {
		return ConflictRecord{}, resolveError(ResolveNoSuch, id, "")
	}
	return cs[0], nil
}

func (o *Office) listConflicts(ctx context.Context, tail string, args ...any) ([]ConflictRecord, error) {
	rows, err := o.db.QueryContext(ctx, conflictSelect+"\n"+tail, args...)
	if err != nil {
		return nil, mapDiskError(err)
	}
	out := []ConflictRecord{}
	for rows.Next() {
		var c ConflictRecord
		var data, held, at, resolvedAt, replaced string
		if err := rows.Scan(&c.ID, &c.Cell, &c.CellName, &c.Kind, &c.RecordID, &c.Version, &c.HeldHash, &c.Hash,
			&c.Deleted, &data, &held, &c.HeldVersion, &c.BundleSeq, &c.Bundle, &at, &c.Kept, &resolvedAt,
			&c.ResolvedBy, &replaced); err != nil {
			rows.Close()
			return nil, err
		}
		if c.Kept == KeepIncoming && replaced != "" {
			held = replaced
		}
		c.Data, c.HeldData = json.RawMessage(data), json.RawMessage(held)
		c.At, _ = time.Parse(time.RFC3339, at)
		c.ResolvedAt, _ = time.Parse(time.RFC3339, resolvedAt)
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	l := i18n.Current()
	for i := range out {
		c := &out[i]
		c.Changes = Changes(l, c.Kind, c.HeldData, c.Data)
		c.What = o.describe(ctx, l, c)
	}
	return out, nil
}

// describe names the record of a conflict for a person.
func (o *Office) describe(ctx context.Context, l i18n.Lang, c *ConflictRecord) string {
	data := c.HeldData
	if len(data) == 0 || string(data) == "null" {
		data = c.Data
	}
	switch c.Kind {
	case payload.KindMember:
		var m store.Member
		if json.Unmarshal(data, &m) == nil && m.FullName != "" {
			return m.FullName
		}
	case payload.KindMeeting:
		var m store.Meeting
		if json.Unmarshal(data, &m) == nil {
			return i18n.T(l, "office.conflict.what_meeting", map[string]any{
				"Date": m.Date.DMY(), "Number": m.Number, "Kind": i18n.T(l, "office.meeting_kind."+m.Kind)})
		}
	case payload.KindEvent:
		var e store.Event
		if json.Unmarshal(data, &e) == nil {
			var name string
			o.db.QueryRowContext(ctx, `
				SELECT coalesce(json_extract(data, '$.full_name'), '')
				FROM records
				WHERE cell = ? AND kind = 'member' AND id = ?`, c.Cell, e.MemberID).Scan(&name)
			if name == "" {
				name = e.MemberID
			}
			return i18n.T(l, "office.conflict.what_event", map[string]any{
				"Kind": i18n.T(l, "event."+string(e.Kind)), "Date": e.Date.DMY(), "Name": name})
		}
	}
	return c.RecordID
}

// Members of a record's data that never differ in a way a person must read: the id and
// version are the same by definition of a conflict.
var ignoredFields = map[string]bool{"id": true, "version": true}

// Changes lists the members of a record's data (of kind payload.KindMember, KindEvent or
// KindMeeting) that differ between held and incoming, in the order the incoming data has them
// (then those only the held data has), with labels and values in language l. A meeting's body
// is compared member by member ("body.topic").
func Changes(l i18n.Lang, kind string, held, incoming json.RawMessage) []Change {
	h, hOrder := members(held)
	n, nOrder := members(incoming)
	var out []Change
	seen := map[string]bool{}
	var walk func(prefix string, h, n map[string]json.RawMessage, order []string)
	walk = func(prefix string, h, n map[string]json.RawMessage, order []string) {
		for _, k := range order {
			path := prefix + k
			if seen[path] || ignoredFields[path] {
				continue
			}
			seen[path] = true
			hv, nv := h[k], n[k]
			if sameJSON(hv, nv) {
				continue
			}
			if path == "body" {
				hb, ho := members(hv)
				nb, no := members(nv)
				walk("body.", hb, nb, append(no, ho...))
				continue
			}
			out = append(out, Change{Field: path, Label: fieldLabel(l, kind, path),
				Held: valueText(l, path, hv), Incoming: valueText(l, path, nv)})
		}
	}
	walk("", h, n, append(nOrder, hOrder...))
	return out
}

// members decodes a JSON object into its members and their order; anything else gives none.
func members(b json.RawMessage) (map[string]json.RawMessage, []string) {
	m := map[string]json.RawMessage{}
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return m, nil
	}
	var order []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			break
		}
		k, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			break
		}
		m[k] = v
		order = append(order, k)
	}
	return m, order
}

// sameJSON compares two values whatever their spacing; absent, null, "", 0, false, [] and {}
// are all "nothing" (the store leaves such members out or writes them as they come).
func sameJSON(a, b json.RawMessage) bool {
	if isNothing(a) && isNothing(b) {
		return true
	}
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return bytes.Equal(a, b)
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return bytes.Equal(xa, ya)
}

func isNothing(v json.RawMessage) bool {
	switch strings.TrimSpace(string(v)) {
	case "", "null", `""`, "0", "false", "[]", "{}":
		return true
	}
	return false
}

// fieldLabel names a data member as the window shows it: the office's own words for the
// members of minutes and their approval, else the store's field names (those of the roster,
// the member form and the events), else the member's own name.
func fieldLabel(l i18n.Lang, kind, path string) string {
	known := i18n.Keys(i18n.VI) // every key has its Vietnamese sentence
	for _, key := range []string{"office.field." + kind + "." + path, "office.field." + path, "field." + path} {
		if _, ok := known[key]; ok {
			return i18n.T(l, key)
		}
	}
	return path
}

var (
	dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	timeRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T`)
)

// valueText writes a data member's value in words.
func valueText(l i18n.Lang, path string, v json.RawMessage) string {
	if isNothing(v) {
		return i18n.T(l, "office.value.none")
	}
	var x any
	if err := json.Unmarshal(v, &x); err != nil {
		return string(v)
	}
	name := path[strings.LastIndexByte(path, '.')+1:]
	switch t := x.(type) {
	case bool:
		if t {
			return i18n.T(l, "office.value.yes")
		}
		return i18n.T(l, "office.value.no")
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case string:
		return stringValue(l, name, t)
	case []any:
		var parts []string
		allText := true
		for _, e := range t {
			s, ok := e.(string)
			if !ok {
				allText = false
				break
			}
			parts = append(parts, stringValue(l, singular(name), s))
		}
		if allText {
			return strings.Join(parts, "; ")
		}
		if name == "attendance" {
			return attendanceText(l, v)
		}
		return i18n.T(l, "office.value.items", map[string]any{"Count": len(t)})
	case map[string]any:
		return i18n.T(l, "office.value.items", map[string]any{"Count": len(t)})
	}
	return string(v)
}

// singular is the name of one element of a list member ("flags" → "flag").
func singular(name string) string { return strings.TrimSuffix(name, "s") }

// stringValue writes a text value: codes by their names, dates as dd/mm/yyyy, record hashes
// as the short code printed on paper.
func stringValue(l i18n.Lang, name, s string) string {
	lookup := func(key string) (string, bool) {
		if _, ok := i18n.Keys(i18n.VI)[key]; ok {
			return i18n.T(l, key), true
		}
		return "", false
	}
	switch name {
	case "gender", "state", "flag":
		if t, ok := lookup(name + "." + s); ok {
			return t
		}
	case "kind":
		for _, key := range []string{"event." + s, "office.meeting_kind." + s} {
			if t, ok := lookup(key); ok {
				return t
			}
		}
	case "status":
		if t, ok := lookup("office.value.status." + s); ok {
			return t
		}
	case "record_hash":
		return store.ShortCode(s)
	}
	switch {
	case dateRE.MatchString(s):
		return store.ParseISO(s).DMY()
	case timeRE.MatchString(s):
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			return t.Local().Format("02/01/2006 15:04")
		}
	}
	return s
}

// attendanceText sums a meeting's attendance list by status: "Có mặt 20, vắng có lý do 2 …".
func attendanceText(l i18n.Lang, v json.RawMessage) string {
	var list []store.Attendance
	if json.Unmarshal(v, &list) != nil {
		return string(v)
	}
	counts := map[string]int{}
	for _, a := range list {
		counts[a.Status]++
	}
	return i18n.T(l, "office.value.attendance", map[string]any{"Count": len(list),
		"Present": counts["present"], "Excused": counts["excused"], "Unexcused": counts["unexcused"]})
}

// Why a conflict could not be settled (ResolveError.Why).
const (
	ResolveNoSuch     = "no_such"      // no conflict with this number
	ResolveSettled    = "settled"      // already settled
	ResolveKeep       = "keep"         // keep is neither "held" nor "incoming"
	ResolveStale      = "stale"        // the office holds another version of the record now
	ResolveNotInChain = "not_in_chain" // the incoming minutes are not those the chain approved
)

// ResolveError refuses to settle a conflict; nothing was changed. Its sentence is
// "office.resolve.<Why>".
type ResolveError struct {
	Why  string
	ID   int64
	Kept string // for ResolveSettled: what was kept
}

func (e *ResolveError) Error() string {
	return fmt.Sprintf("office: settle conflict %d: %s", e.ID, e.Why)
}

// MessageKey implements store.Message.
func (e *ResolveError) MessageKey() (string, map[string]any) {
	return "office.resolve." + e.Why, map[string]any{"ID": e.ID, "Kept": e.Kept}
}

func resolveError(why string, id int64, kept string) *ResolveError {
	return &ResolveError{Why: why, ID: id, Kept: kept}
}

// SetActor names the person at the keyboard, whom settling a conflict records.
func (o *Office) SetActor(name string) {
	if n := strings.TrimSpace(vntext.NFC(name)); n != "" {
		o.actorMu.Lock()
		o.actor = n
		o.actorMu.Unlock()
	}
}

// Actor is the name recorded with a settled conflict: the one given to SetActor, else the
// computer's login name, else the office's code.
func (o *Office) Actor() string {
	o.actorMu.Lock()
	defer o.actorMu.Unlock()
	if o.actor != "" {
		return o.actor
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return o.profile.Code
}

// ResolveConflict settles an open conflict in one transaction, recording who (Actor) and when.
// keep is KeepHeld (the office keeps what it had) or KeepIncoming (the incoming copy replaces
// the held record). Nothing is deleted: the copy not kept stays with the conflict. Taking the
// incoming copy is refused when the office has since received another version of the record
// (ResolveStale), and, for minutes, when the incoming copy's record hash is not one the cell's
// chain approved (ResolveNotInChain): approved content is bound to the chain. Refusals are
// *ResolveError and change nothing.
func (o *Office) ResolveConflict(ctx context.Context, id int64, keep string) error {
	if keep != KeepHeld && keep != KeepIncoming {
		return resolveError(ResolveKeep, id, "")
	}
	actor := o.Actor()
	o.mu.Lock()
	defer o.mu.Unlock()
	tx, err := o.db.BeginTx(ctx, nil)
	if err != nil {
		return mapDiskError(err)
	}
	defer tx.Rollback()
	var c struct {
		cell, kind, recordID, hash, data, kept string
		version, epoch                         int
		deleted                                bool
		bundleSeq                              int64
	}
	err = tx.QueryRowContext(ctx, `
		SELECT cell, kind, record_id, version, hash, deleted, data, epoch, bundle_seq, kept
		FROM conflicts
		WHERE id = ?`, id).Scan(&c.cell, &c.kind, &c.recordID, &c.version, &c.hash, &c.deleted, &c.data,
		&c.epoch, &c.bundleSeq, &c.kept)
	if errors.Is(err, sql.ErrNoRows) {
		return resolveError(ResolveNoSuch, id, "")
	}
	if err != nil {
		return mapDiskError(err)
	}
	if c.kept != "" {
		return resolveError(ResolveSettled, id, c.kept)
	}
	at := now().UTC().Format(time.RFC3339)
	if keep == KeepHeld {
		if _, err := tx.ExecContext(ctx, `
			UPDATE conflicts
			SET kept = 'held', resolved_at = ?, resolved_by = ?
			WHERE id = ?`, at, actor, id); err != nil {
			return mapDiskError(err)
		}
		return mapDiskError(tx.Commit())
	}

	var heldVersion int
	var heldHash, heldData string
	err = tx.QueryRowContext(ctx, `
		SELECT version, hash, data
		FROM records
		WHERE cell = ? AND kind = ? AND id = ?`, c.cell, c.kind, c.recordID).Scan(&heldVersion, &heldHash, &heldData)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && heldVersion != c.version) {
		return resolveError(ResolveStale, id, "")
	}
	if err != nil {
		return mapDiskError(err)
	}
	if c.kind == payload.KindMeeting {
		var m store.Meeting
		ok := json.Unmarshal([]byte(c.data), &m) == nil && m.ID == c.recordID
		if ok {
			h, err := store.MeetingRecordHash(m)
			ok = err == nil && h == m.RecordHash
		}
		if ok {
			var n int
			if err := tx.QueryRowContext(ctx, `
				SELECT count(*)
				FROM chain
				WHERE cell = ? AND epoch = ? AND record_type = 'meeting' AND record_id = ? AND record_hash = ?`,
				c.cell, c.epoch, c.recordID, m.RecordHash).Scan(&n); err != nil {
				return mapDiskError(err)
			}
			ok = n > 0
		}
		if !ok {
			return resolveError(ResolveNotInChain, id, "")
		}
	}
	res, err := tx.ExecContext(ctx, `
		UPDATE records
		SET hash = ?, deleted = ?, data = ?, epoch = ?, bundle_seq = ?, updated_at = ?
		WHERE cell = ? AND kind = ? AND id = ? AND version = ? AND hash = ?`,
		c.hash, c.deleted, c.data, c.epoch, c.bundleSeq, at, c.cell, c.kind, c.recordID, c.version, heldHash)
	if err != nil {
		return mapDiskError(err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return fmt.Errorf("office: settle conflict %d: the held record changed meanwhile", id)
	}
	if _, err := tx.ExecContext(ctx, `
		UPDATE conflicts
		SET kept = 'incoming', resolved_at = ?, resolved_by = ?, replaced_data = ?
		WHERE id = ?`, at, actor, heldData, id); err != nil {
		return mapDiskError(err)
	}
	return mapDiskError(tx.Commit())
}
