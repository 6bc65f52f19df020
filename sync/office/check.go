package office

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"aead.dev/minisign"

	"chibo/store"
	"chibo/sync/bundle"
	"chibo/sync/payload"
)

// Summary describes a bundle as read from its file.
type Summary struct {
	File         string    // the path given
	Cell         string    // the cell code the manifest names
	Seq          uint64    // the bundle's number
	PrevHash     string    // the manifest hash of the previous bundle ("" for number 1)
	ManifestHash string    // hex SHA-256 of the manifest: the bundle's identity
	Created      time.Time // when the cell made it (UTC)
	KeyID        string    // the signing key's id as the signature names it: a hint, not an identity
	Files        int       // payload files
	Size         int64     // bytes of the bundle file
	Encrypted    bool      // the payload is encrypted with age
	Recipient    string    // the age recipient it is encrypted to, "" when not encrypted
	// SignatureChecked is true when the signature and every file's hash were verified against
	// a trusted key, whose fingerprint is Fingerprint. When false, nothing says who wrote it.
	SignatureChecked bool
	Fingerprint      string
}

// Checked is what Check found: the bundle would be imported (or is already held).
type Checked struct {
	Summary
	CellName string
	// AlreadyImported: the office holds this very bundle as the cell's last; importing it
	// again changes nothing and writes its receipt again.
	AlreadyImported bool
	// What the bundle carries.
	Full                                 bool
	Members, Events, Meetings, Documents int
	ChainHead                            payload.ChainHead
	KeyChange                            bool // it announces the cell's next key
	Rotated                              bool // it is signed by a key announced earlier
}

// read is a bundle file that passed the container and manifest checks.
type read struct {
	path string
	b    *bundle.Bundle
	sum  Summary
}

// readBundle reads path (refusing a file over the size limit before reading it) and checks
// its container and manifest.
func readBundle(path string) (*read, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, refuse(path, ReasonUnreadable, nil, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, refuse(path, ReasonUnreadable, nil, err)
	}
	if !st.Mode().IsRegular() {
		return nil, refuse(path, ReasonUnreadable, nil, errors.New("not a regular file"))
	}
	b, err := bundle.Read(f, st.Size(), bundle.Limits{})
	if err != nil {
		return nil, fromBundle(path, err)
	}
	m := b.Manifest
	r := &read{path: path, b: b, sum: Summary{
		File: path, Cell: m.Cell, Seq: m.Seq, PrevHash: m.PrevHash, ManifestHash: b.ManifestHash,
		Created: m.Created, Files: len(m.Files), Size: st.Size(), Encrypted: b.Encrypted(), Recipient: m.Recipient,
	}}
	var sig minisign.Signature
	if b.Signature != nil && sig.UnmarshalText(b.Signature) == nil {
		r.sum.KeyID = KeyID(sig.KeyID)
	}
	return r, nil
}

// verify checks the signature and every file against key.
func (r *read) verify(key minisign.PublicKey) error {
	if err := r.b.Verify(key); err != nil {
		e := fromBundle(r.path, err)
		if e.Reason == ReasonWrongKey {
			e.Args["Cell"], e.Args["KeyID"] = r.sum.Cell, r.sum.KeyID
		}
		return e
	}
	r.sum.SignatureChecked, r.sum.Fingerprint = true, bundle.Fingerprint(key)
	return nil
}

// VerifyFile checks a bundle without any office: the container and the manifest, and, when
// key is not nil, the signature and every file's hash against it. It never decrypts. Without
// a key the Summary says who signed (the key id, only a hint) and SignatureChecked is false.
// Errors are *RefusedError.
func VerifyFile(path string, key *minisign.PublicKey) (Summary, error) {
	r, err := readBundle(path)
	if err != nil {
		return Summary{}, err
	}
	if key != nil {
		if err := r.verify(*key); err != nil {
			return r.sum, err
		}
	}
	return r.sum, nil
}

// cellRow is an enrolled cell's state.
type cellRow struct {
	code, name, key, nextKey string
	epoch                    int
	lastSeq                  uint64
	lastHash                 string
	headSeq                  int
	headHash                 string
	lastImport               string
}

type querier interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	QueryRowContext(context.Context, string, ...any) *sql.Row
}

func getCell(ctx context.Context, q querier, code string) (cellRow, error) {
	var c cellRow
	err := q.QueryRowContext(ctx, `
		SELECT code, name, key, next_key, epoch, last_seq, last_hash, head_seq, head_hash, last_import
		FROM cells
		WHERE code = ?`, code).Scan(&c.code, &c.name, &c.key, &c.nextKey, &c.epoch, &c.lastSeq, &c.lastHash,
		&c.headSeq, &c.headHash, &c.lastImport)
	return c, err
}

// inspected is a bundle that passed every check that needs no knowledge of what the office
// already holds of the cell: signature, files, decryption, records.
type inspected struct {
	*read
	cell    cellRow
	signer  string // the key that verified (base64 line)
	rotated bool   // signer is the cell's announced next key
	recs    *payload.Records
	// meetings are recs.Meetings decoded, in the same order.
	meetings []store.Meeting
	pdfs     map[string][]byte // path → content
	newKey   string            // from recs.KeyChange, parsed
}

// inspect runs the checks of docs/bundle-format.md points 1–6 in order, reading the cell's
// enrolment but writing nothing.
func (o *Office) inspect(ctx context.Context, path string) (*inspected, error) {
	r, err := readBundle(path)
	if err != nil {
		return nil, err
	}
	m := r.b.Manifest
	in := &inspected{read: r}
	in.cell, err = getCell(ctx, o.db, store.NormalizeCode(m.Cell))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, refuse(path, ReasonUnknownCell, map[string]any{"Cell": m.Cell}, nil)
	}
	if err != nil {
		return nil, mapDiskError(err)
	}
	cur, err := payload.ParseSigningKey(in.cell.key)
	if err != nil {
		return nil, fmt.Errorf("office: enrolled key of %s: %w", in.cell.code, err)
	}
	in.signer = in.cell.key
	err = r.verify(cur)
	if ReasonOf(err) == ReasonWrongKey && in.cell.nextKey != "" {
		next, perr := payload.ParseSigningKey(in.cell.nextKey)
		if perr == nil {
			if err2 := r.verify(next); ReasonOf(err2) != ReasonWrongKey {
				err, in.signer, in.rotated = err2, in.cell.nextKey, true
			}
		}
	}
	if err != nil {
		return nil, err
	}
	if want := bundle.FileName(m.Cell, m.Seq); filepath.Base(path) != want {
		return nil, refuse(path, ReasonFileName, map[string]any{"Want": want, "Cell": m.Cell, "Seq": m.Seq}, nil)
	}
	if r.b.Encrypted() && m.Recipient != o.Recipient() {
		return nil, refuse(path, ReasonDecrypt, map[string]any{"Cell": m.Cell}, nil)
	}
	if m.SchemaVersion > store.SchemaVersion() {
		return nil, refuse(path, ReasonSchema, map[string]any{"Version": m.SchemaVersion, "Program": store.SchemaVersion()}, nil)
	}
	files := map[string][]byte{}
	for _, p := range r.b.Paths() {
		c, err := r.b.Open(p, o.identity)
		if err != nil {
			e := fromBundle(path, err)
			e.Args["Cell"] = m.Cell
			return nil, e
		}
		files[p] = c
	}
	rb, ok := files[payload.RecordsPath]
	if !ok {
		return nil, refuse(path, ReasonRecords, map[string]any{"Detail": payload.RecordsPath + " missing"}, nil)
	}
	if in.recs, in.meetings, err = decodeRecords(path, m.Cell, rb); err != nil {
		return nil, err
	}
	if in.recs.Cell.Code != m.Cell {
		return nil, refuse(path, ReasonCellMismatch, map[string]any{"Cell": m.Cell, "Other": in.recs.Cell.Code}, nil)
	}
	in.pdfs = map[string][]byte{}
	for _, d := range in.recs.Documents {
		c, ok := files[d.Path]
		if !ok {
			return nil, refuse(path, ReasonDocuments, map[string]any{"Path": d.Path}, nil)
		}
		in.pdfs[d.Path] = c
	}
	for p := range files {
		if _, ok := in.pdfs[p]; !ok && p != payload.RecordsPath {
			return nil, refuse(path, ReasonDocuments, map[string]any{"Path": p}, nil)
		}
	}
	if k := in.recs.KeyChange; k != nil {
		pub, err := payload.ParseSigningKey(k.NewKey)
		if err != nil {
			return nil, refuse(path, ReasonKeyChange, nil, err)
		}
		in.newKey = pub.String()
	}
	return in, nil
}

// decodeRecords parses and checks records.json, decoding each meeting once (the decoded
// meetings come back in the order of Records.Meetings, for the later checks). An approved
// meeting whose content no longer gives its record hash is refused as rewritten; everything
// else payload.Check finds, as invalid records.
func decodeRecords(path, cell string, b []byte) (*payload.Records, []store.Meeting, error) {
	r, meetings, err := payload.DecodeChecked(b)
	if err == nil {
		return r, meetings, nil
	}
	rewritten := refuse(path, ReasonRewritten, map[string]any{"Cell": cell, "Entry": 0}, nil)
	if errors.Is(err, payload.ErrApprovedChanged) {
		return nil, nil, rewritten
	}
	// Refused anyway; only the reason is left to choose. A bundle with several faults is
	// refused as rewritten when any approved meeting was changed, whatever else is wrong, so
	// that reason does not depend on the order in which the checks run.
	var raw payload.Records
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if derr := dec.Decode(&raw); derr != nil || dec.More() {
		return nil, nil, refuse(path, ReasonRecords, map[string]any{"Detail": fmt.Sprint("not valid JSON ", derr)}, nil)
	}
	if approvedChanged(&raw) {
		return nil, nil, rewritten
	}
	return nil, nil, refuse(path, ReasonRecords, map[string]any{"Detail": err.Error()}, err)
}

// approvedChanged reports whether an approved meeting of r, whose data matches its record's
// hash, no longer gives its own record hash, or differs from the hash its chain entry names.
func approvedChanged(r *payload.Records) bool {
	entryHash := map[string]string{}
	for _, e := range r.Chain {
		entryHash[e.RecordID] = e.RecordHash
	}
	for _, rec := range r.Meetings {
		var m store.Meeting
		if payload.Hash(rec.Data) != rec.Hash || json.Unmarshal(rec.Data, &m) != nil {
			continue
		}
		h, err := store.MeetingRecordHash(m)
		if err != nil || m.Status != store.StatusApproved {
			continue
		}
		if e, ok := entryHash[m.ID]; h != m.RecordHash || (ok && e != h) {
			return true
		}
	}
	return false
}

// decision is what the sequence check decided.
type decision struct {
	already bool
	held    map[int]payload.ChainEntry // the office's chain entries from the bundle's first one
}

// checkState runs points 7 and 8: the bundle's number against the cell's last accepted one,
// and its chain against the head the office holds. q is the import transaction, or the
// database for Check.
func (o *Office) checkState(ctx context.Context, q querier, in *inspected) (*decision, error) {
	path, m, recs := in.path, in.b.Manifest, in.recs
	c, err := getCell(ctx, q, in.cell.code)
	if err != nil {
		return nil, mapDiskError(err)
	}
	if c.epoch != in.cell.epoch || (c.key != in.signer && c.nextKey != in.signer) {
		return nil, errors.New("office: the cell's enrolment changed during the import; import again")
	}
	in.cell = c
	d := &decision{}
	switch {
	case m.Seq == c.lastSeq && in.b.ManifestHash == c.lastHash:
		d.already = true
		return d, nil
	case m.Seq <= c.lastSeq:
		var h string
		err := q.QueryRowContext(ctx, `
			SELECT manifest_hash
			FROM bundles
			WHERE cell = ? AND epoch = ? AND seq = ?`, c.code, c.epoch, m.Seq).Scan(&h)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, mapDiskError(err)
		}
		if h != "" && h != in.b.ManifestHash {
			return nil, refuse(path, ReasonFork, map[string]any{"Cell": m.Cell, "Seq": m.Seq}, nil)
		}
		return nil, refuse(path, ReasonReplay, map[string]any{"Cell": m.Cell, "Seq": m.Seq, "Last": c.lastSeq}, nil)
	case m.Seq > c.lastSeq+1:
		return nil, refuse(path, ReasonGap, map[string]any{"Cell": m.Cell, "Seq": m.Seq, "Last": c.lastSeq,
			"Missing": numberList(c.lastSeq+1, m.Seq-1)}, nil)
	case m.PrevHash != c.lastHash:
		return nil, refuse(path, ReasonPrevious, map[string]any{"Cell": m.Cell, "Seq": m.Seq, "Last": c.lastSeq}, nil)
	}

	// The chain: what the office holds must be identical, the rest must extend its head.
	rewritten := func(entry int) error {
		return refuse(path, ReasonRewritten, map[string]any{"Cell": m.Cell, "Entry": entry}, nil)
	}
	d.held = map[int]payload.ChainEntry{}
	from := c.headSeq + 1
	if len(recs.Chain) > 0 {
		from = min(from, recs.Chain[0].Seq)
	}
	rows, err := q.QueryContext(ctx, `
		SELECT seq, record_type, record_id, record_hash, prev_hash, entry_hash, at
		FROM chain
		WHERE cell = ? AND epoch = ? AND seq >= ?
		ORDER BY seq`, c.code, c.epoch, from)
	if err != nil {
		return nil, mapDiskError(err)
	}
	for rows.Next() {
		var e payload.ChainEntry
		if err := rows.Scan(&e.Seq, &e.RecordType, &e.RecordID, &e.RecordHash, &e.PrevHash, &e.EntryHash, &e.At); err != nil {
			rows.Close()
			return nil, err
		}
		d.held[e.Seq] = e
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if recs.Head.Seq < c.headSeq {
		return nil, rewritten(recs.Head.Seq + 1)
	}
	if recs.Head.Seq == c.headSeq && recs.Head.Hash != c.headHash {
		return nil, rewritten(recs.Head.Seq)
	}
	carried := make(map[string]string, len(in.meetings))
	for _, mt := range in.meetings {
		carried[mt.ID] = mt.RecordHash
	}
	expect := c.headSeq + 1
	prev := c.headHash
	for _, e := range recs.Chain {
		if e.Seq <= c.headSeq {
			h, ok := d.held[e.Seq]
			if !ok || h.EntryHash != e.EntryHash || h.RecordID != e.RecordID || h.RecordHash != e.RecordHash ||
				h.PrevHash != e.PrevHash || h.RecordType != e.RecordType {
				return nil, rewritten(e.Seq)
			}
			continue
		}
		if e.Seq != expect || e.PrevHash != prev {
			return nil, rewritten(e.Seq)
		}
		if h, ok := carried[e.RecordID]; ok {
			if h != e.RecordHash {
				return nil, rewritten(e.Seq)
			}
		} else {
			var held string
			err := q.QueryRowContext(ctx, `
				SELECT coalesce(json_extract(data, '$.record_hash'), '')
				FROM records
				WHERE cell = ? AND kind = 'meeting' AND id = ?`, c.code, e.RecordID).Scan(&held)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return nil, mapDiskError(err)
			}
			if held != e.RecordHash {
				return nil, rewritten(e.Seq)
			}
		}
		expect, prev = e.Seq+1, e.EntryHash
	}
	if expect-1 != recs.Head.Seq || prev != recs.Head.Hash {
		return nil, rewritten(expect)
	}
	// Every approved meeting carried must be one the chain names with that record hash: an
	// approved record changed later, even under a new version, has no entry.
	inChain := map[string]bool{}
	for _, e := range recs.Chain {
		inChain[e.RecordID+" "+e.RecordHash] = true
	}
	for _, rec := range recs.Meetings {
		h := carried[rec.ID]
		if inChain[rec.ID+" "+h] {
			continue
		}
		var n int
		if err := q.QueryRowContext(ctx, `
			SELECT count(*)
			FROM chain
			WHERE cell = ? AND epoch = ? AND record_id = ? AND record_hash = ?`, c.code, c.epoch, rec.ID, h).Scan(&n); err != nil {
			return nil, mapDiskError(err)
		}
		if n == 0 {
			return nil, refuse(path, ReasonRewritten, map[string]any{"Cell": m.Cell, "Entry": 0}, nil)
		}
	}
	return d, nil
}

// numberList writes the numbers from a to b as "4, 5, 6" (or "4–20" when there are many).
func numberList(a, b uint64) string {
	if b-a >= 5 {
		return fmt.Sprintf("%d–%d", a, b)
	}
	var s []string
	for i := a; i <= b; i++ {
		s = append(s, fmt.Sprint(i))
	}
	return strings.Join(s, ", ")
}

// Check runs every check of an import on the bundle at path, writing nothing anywhere. Its
// error is a *RefusedError for a bundle the office would refuse.
func (o *Office) Check(ctx context.Context, path string) (Checked, error) {
	in, err := o.inspect(ctx, path)
	if err != nil {
		var sum Summary
		if r, rerr := readBundle(path); rerr == nil {
			sum = r.sum
		}
		return Checked{Summary: sum}, err
	}
	d, err := o.checkState(ctx, o.db, in)
	out := checkedOf(in)
	if err != nil {
		return out, err
	}
	out.AlreadyImported = d.already
	return out, nil
}

func checkedOf(in *inspected) Checked {
	return Checked{
		Summary: in.sum, CellName: in.cell.name, Full: in.recs.Full,
		Members: len(in.recs.Members), Events: len(in.recs.Events), Meetings: len(in.recs.Meetings),
		Documents: len(in.recs.Documents), ChainHead: in.recs.Head, KeyChange: in.recs.KeyChange != nil,
		Rotated: in.rotated,
	}
}

// sortPaths orders bundle files by (cell, number) as their names give them, so that a stick
// holding bundles 3, 4 and 5 imports in order; names that are not bundle names come last.
func sortPaths(paths []string) []string {
	type key struct {
		cell string
		seq  uint64
		ok   bool
	}
	keys := make(map[string]key, len(paths))
	for _, p := range paths {
		base := filepath.Base(p)
		stem, ok := strings.CutSuffix(base, "."+bundle.Extension)
		var k key
		if i := strings.LastIndexByte(stem, '-'); ok && i > 0 {
			var seq uint64
			if _, err := fmt.Sscanf(stem[i+1:], "%d", &seq); err == nil {
				k = key{stem[:i], seq, true}
			}
		}
		keys[p] = k
	}
	out := append([]string(nil), paths...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := keys[out[i]], keys[out[j]]
		if a.ok != b.ok {
			return a.ok
		}
		if a.cell != b.cell {
			return a.cell < b.cell
		}
		if a.seq != b.seq {
			return a.seq < b.seq
		}
		return out[i] < out[j]
	})
	return out
}

func baseName(p string) string {
	if p == "" {
		return ""
	}
	return filepath.Base(p)
}
