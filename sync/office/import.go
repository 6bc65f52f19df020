package office

import (
	"context"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"strings"
	"time"

	"chibo/sync/payload"
	"chibo/vntext"
)

// Outcome of importing one bundle.
type Outcome string

// The outcomes.
const (
	// OutcomeImported: every check passed and the bundle was stored in one transaction.
	OutcomeImported Outcome = "imported"
	// OutcomeAlreadyImported: the office already held this very bundle; nothing changed.
	OutcomeAlreadyImported Outcome = "already_imported"
	// OutcomeRefused: nothing of the bundle was stored. Err says why: a *RefusedError for a bundle
	// that failed a check, or (rarely) a failure of the office's own disk or database.
	OutcomeRefused Outcome = "refused"
)

// Result is what became of one bundle file.
type Result struct {
	File     string // the path given
	Cell     string // the cell code, when the manifest could be read
	CellName string
	Seq      uint64
	Outcome  Outcome
	// Err is nil unless Outcome is OutcomeRefused. It has a sentence: i18n.Error(lang, Err).
	Err error
	// Counts and Conflicts are those of the import (for OutcomeAlreadyImported, those of the first
	// import of the bundle).
	Counts    payload.Counts
	Conflicts []payload.Conflict
	Rotated   bool // the bundle was signed by the cell's announced next key, now its key
	// ReceiptPath is the signed receipt written beside the bundle; ReceiptErr, a
	// *ReceiptError, says when it could not be written (the import still stands).
	ReceiptPath string
	ReceiptErr  error
}

// Import verifies and imports the bundle files at paths, in (cell, number) order whatever the
// order given, and returns one Result per file in that order. For each bundle every check
// runs before any write, then one transaction stores it; a refused bundle leaves the database
// as it was. After an imported or already imported bundle, a signed receipt is written beside
// it. progress, when not nil, is called after each file with the number done and the total.
func (o *Office) Import(ctx context.Context, paths []string, progress func(done, total int)) []Result {
	o.mu.Lock()
	defer o.mu.Unlock()
	sorted := sortPaths(paths)
	out := make([]Result, 0, len(sorted))
	for i, p := range sorted {
		out = append(out, o.importOne(ctx, p))
		if progress != nil {
			progress(i+1, len(sorted))
		}
	}
	return out
}

func (o *Office) importOne(ctx context.Context, path string) Result {
	res := Result{File: path}
	refused := func(err error) Result {
		res.Outcome, res.Err = OutcomeRefused, err
		return res
	}
	if err := ctx.Err(); err != nil {
		return refused(err)
	}
	in, err := o.inspect(ctx, path)
	if err != nil {
		if r, rerr := readBundle(path); rerr == nil {
			res.Cell, res.Seq = r.sum.Cell, r.sum.Seq
		}
		return refused(err)
	}
	m := in.b.Manifest
	res.Cell, res.Seq, res.CellName, res.Rotated = m.Cell, m.Seq, in.cell.name, in.rotated

	tx, err := o.db.BeginTx(ctx, nil)
	if err != nil {
		return refused(mapDiskError(err))
	}
	defer tx.Rollback()
	d, err := o.checkState(ctx, tx, in)
	if err != nil {
		return refused(err)
	}
	if d.already {
		tx.Rollback()
		var counts, conflicts string
		err := o.db.QueryRowContext(ctx, `
			SELECT counts, conflicts
			FROM bundles
			WHERE cell = ? AND epoch = ? AND seq = ?`, in.cell.code, in.cell.epoch, m.Seq).Scan(&counts, &conflicts)
		if err != nil {
			return refused(mapDiskError(err))
		}
		json.Unmarshal([]byte(counts), &res.Counts)
		json.Unmarshal([]byte(conflicts), &res.Conflicts)
		res.Outcome, res.Rotated = OutcomeAlreadyImported, false
		o.writeReceipt(&res, in, payload.ReceiptAlreadyImported)
		return res
	}
	if err := o.apply(ctx, tx, in, &res); err != nil {
		return refused(mapDiskError(err))
	}
	if err := tx.Commit(); err != nil {
		return refused(mapDiskError(err))
	}
	res.Outcome = OutcomeImported
	o.writeReceipt(&res, in, payload.ReceiptImported)
	return res
}

// apply writes the bundle in the transaction tx, after every check has passed.
func (o *Office) apply(ctx context.Context, tx *sql.Tx, in *inspected, res *Result) error {
	c, m, recs := in.cell, in.b.Manifest, in.recs
	at := now().UTC().Format(time.RFC3339)
	// A bundle runs the same few statements hundreds of times: each is prepared once.
	stmts := map[string]*sql.Stmt{}
	defer func() {
		for _, st := range stmts {
			st.Close()
		}
	}()
	exec := func(query string, args ...any) error {
		st, ok := stmts[query]
		if !ok {
			var err error
			if st, err = tx.PrepareContext(ctx, query); err != nil {
				return err
			}
			stmts[query] = st
		}
		_, err := st.ExecContext(ctx, args...)
		return err
	}
	seq := int64(m.Seq)
	key, nextKey := c.key, c.nextKey
	if in.rotated {
		key, nextKey = in.signer, ""
		pub, _ := payload.ParseSigningKey(key)
		if err := addKey(ctx, tx, c.code, c.epoch, pub, "rotated", at); err != nil {
			return err
		}
	}
	if in.newKey != "" && in.newKey != key {
		nextKey = in.newKey
	}

	for _, e := range recs.Chain {
		if e.Seq <= c.headSeq {
			continue
		}
		if err := exec(`
			INSERT INTO chain (cell, epoch, seq, record_type, record_id, record_hash, prev_hash, entry_hash, at, bundle_seq)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.code, c.epoch, e.Seq, e.RecordType, e.RecordID, e.RecordHash, e.PrevHash, e.EntryHash, e.At, seq); err != nil {
			return err
		}
	}

	held := map[string]struct {
		version int
		hash    string
	}{}
	rows, err := tx.QueryContext(ctx, `
		SELECT kind, id, version, hash
		FROM records
		WHERE cell = ?`, c.code)
	if err != nil {
		return err
	}
	for rows.Next() {
		var kind, id, hash string
		var v int
		if err := rows.Scan(&kind, &id, &v, &hash); err != nil {
			rows.Close()
			return err
		}
		held[kind+"\x00"+id] = struct {
			version int
			hash    string
		}{v, hash}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}

	// Records with conflicts waiting for a person: a higher version settles them.
	open := map[string]bool{}
	rows, err = tx.QueryContext(ctx, `
		SELECT DISTINCT kind, record_id
		FROM conflicts
		WHERE cell = ? AND kept = ''`, c.code)
	if err != nil {
		return err
	}
	for rows.Next() {
		var kind, id string
		if err := rows.Scan(&kind, &id); err != nil {
			rows.Close()
			return err
		}
		open[kind+"\x00"+id] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}

	counts := payload.Counts{}
	conflicts := []payload.Conflict{}
	for _, set := range []struct {
		kind   string
		recs   []payload.Record
		stored *int
	}{
		{payload.KindMember, recs.Members, &counts.Members},
		{payload.KindEvent, recs.Events, &counts.Events},
		{payload.KindMeeting, recs.Meetings, &counts.Meetings},
	} {
		for _, r := range set.recs {
			h, ok := held[set.kind+"\x00"+r.ID]
			switch {
			case !ok:
				if err := exec(`
					INSERT INTO records (cell, kind, id, version, hash, deleted, data, epoch, bundle_seq, updated_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
					c.code, set.kind, r.ID, r.Version, r.Hash, r.Deleted, string(r.Data), c.epoch, seq, at); err != nil {
					return err
				}
				*set.stored++
			case r.Version > h.version:
				if err := exec(`
					UPDATE records
					SET version = ?, hash = ?, deleted = ?, data = ?, epoch = ?, bundle_seq = ?, updated_at = ?
					WHERE cell = ? AND kind = ? AND id = ?`,
					r.Version, r.Hash, r.Deleted, string(r.Data), c.epoch, seq, at, c.code, set.kind, r.ID); err != nil {
					return err
				}
				if open[set.kind+"\x00"+r.ID] {
					// The cell's newer version answers the question the conflict asked; what was
					// kept aside stays.
					if err := exec(`
						UPDATE conflicts
						SET kept = 'superseded', resolved_at = ?, resolved_by = ?
						WHERE cell = ? AND kind = ? AND record_id = ? AND kept = '' AND version < ?`,
						at, filepath.Base(in.path), c.code, set.kind, r.ID, r.Version); err != nil {
						return err
					}
				}
				*set.stored++
			case r.Version == h.version && r.Hash != h.hash:
				if err := exec(`
					INSERT INTO conflicts (cell, kind, record_id, version, held_hash, hash, deleted, data, epoch, bundle_seq, at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
					ON CONFLICT (cell, kind, record_id, version, hash) DO NOTHING`,
					c.code, set.kind, r.ID, r.Version, h.hash, r.Hash, r.Deleted, string(r.Data), c.epoch, seq, at); err != nil {
					return err
				}
				counts.Conflicts++
				conflicts = append(conflicts, payload.Conflict{Kind: set.kind, ID: r.ID, Version: r.Version,
					Reason: "same_version_other_content"})
			default: // the same record, or an older version than the one held
				counts.Unchanged++
			}
		}
	}

	heldDocs := map[string]string{} // path → sha256
	if len(recs.Documents) > 0 {
		rows, err := tx.QueryContext(ctx, `
			SELECT path, sha256
			FROM documents
			WHERE cell = ?`, c.code)
		if err != nil {
			return err
		}
		for rows.Next() {
			var p, sum string
			if err := rows.Scan(&p, &sum); err != nil {
				rows.Close()
				return err
			}
			heldDocs[p] = sum
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	for _, doc := range recs.Documents {
		content := in.pdfs[doc.Path]
		sum := payload.Hash(content)
		if heldDocs[doc.Path] == sum {
			continue
		}
		if err := exec(`
			INSERT INTO documents (cell, path, meeting_id, kind, title, sha256, size, pdf, epoch, bundle_seq, imported_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (cell, path) DO UPDATE SET
				meeting_id = excluded.meeting_id, kind = excluded.kind, title = excluded.title,
				sha256 = excluded.sha256, size = excluded.size, pdf = excluded.pdf, epoch = excluded.epoch,
				bundle_seq = excluded.bundle_seq, imported_at = excluded.imported_at`,
			c.code, doc.Path, doc.MeetingID, doc.Kind, vntext.NFC(doc.Title), sum, len(content), content,
			c.epoch, seq, at); err != nil {
			return err
		}
		counts.Documents++
	}

	for _, n := range recs.Notes {
		if strings.TrimSpace(n.Text) == "" {
			continue
		}
		if err := exec(`
			INSERT INTO notes (cell, epoch, source, at, text, bundle_seq)
			VALUES (?, ?, 'cell', ?, ?, ?)
			ON CONFLICT DO NOTHING`, c.code, c.epoch, n.At, vntext.NFC(n.Text), seq); err != nil {
			return err
		}
	}

	countsJSON, _ := json.Marshal(counts)
	conflictsJSON, _ := json.Marshal(conflicts)
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO bundles (cell, epoch, seq, manifest_hash, prev_hash, created, imported_at, file_name, key,
			head_seq, head_hash, counts, conflicts)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.code, c.epoch, seq, in.b.ManifestHash, m.PrevHash, m.Created.UTC().Format(time.RFC3339), at,
		filepath.Base(in.path), in.signer, recs.Head.Seq, recs.Head.Hash, string(countsJSON), string(conflictsJSON)); err != nil {
		return err
	}

	name := c.name
	if n := vntext.NFC(recs.Cell.Name); n != "" {
		name = n
	}
	profile, _ := payload.Marshal(recs.Cell)
	headSeq, headHash := c.headSeq, c.headHash
	if recs.Head.Seq > headSeq {
		headSeq, headHash = recs.Head.Seq, recs.Head.Hash
	}
	if _, err := tx.ExecContext(ctx, `
		UPDATE cells
		SET name = ?, key = ?, next_key = ?, last_seq = ?, last_hash = ?, head_seq = ?, head_hash = ?,
			last_import = ?, profile = ?
		WHERE code = ?`,
		name, key, nextKey, seq, in.b.ManifestHash, headSeq, headHash, at, string(profile), c.code); err != nil {
		return err
	}
	res.CellName, res.Counts, res.Conflicts = name, counts, conflicts
	return nil
}

// writeReceipt signs the receipt and writes it beside the bundle through a temporary name. A
// failure is kept in res.ReceiptErr: the import stands.
func (o *Office) writeReceipt(res *Result, in *inspected, status string) {
	m := in.b.Manifest
	path := filepath.Join(filepath.Dir(in.path), payload.ReceiptName(m.Cell, m.Seq))
	res.ReceiptPath = path
	head := payload.ChainHead{Seq: in.cell.headSeq, Hash: in.cell.headHash}
	if status == payload.ReceiptImported && in.recs.Head.Seq > head.Seq {
		head = in.recs.Head
	}
	b, err := payload.EncodeReceipt(payload.Receipt{
		Office: o.profile.Code, OfficeName: o.profile.Name, SigningKey: o.sign.Public.String(),
		Recipient: o.Recipient(), Cell: m.Cell, Seq: m.Seq, ManifestHash: in.b.ManifestHash, Status: status,
		ChainHead: head, Counts: res.Counts, Conflicts: res.Conflicts, Issued: now(),
	}, o.sign.Private)
	if err == nil {
		err = writeFileAtomic(path, b)
	}
	if err != nil {
		res.ReceiptErr = &ReceiptError{Path: path, Err: err}
	}
}
