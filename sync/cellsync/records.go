package cellsync

import (
	"context"
	"errors"
	"sort"
	"strconv"

	"chibo/store"
	"chibo/sync/payload"
)

// contents is what the next bundle carries, before the PDFs are printed.
type contents struct {
	state    store.SyncState
	records  payload.Records
	sent     []store.SyncItem
	meetings []store.Meeting // the approved meetings carried, in chain order
	// keyChange is the next key's public key when one is announced.
	keyChange string
}

// collect gathers the records that changed since the office's last receipt (all of them
// with full), the chain entries after the acknowledged head, a pending key change and the
// notes. It only reads.
//
// The reads are not one transaction (a read transaction would take the cell's write lock),
// so the chain, read first, decides which meetings count as approved: a meeting approved
// while this runs waits for the next bundle, and what is carried stays consistent.
func collect(ctx context.Context, c *store.Cell, full bool) (*contents, error) {
	st, err := c.SyncState(ctx)
	if err != nil {
		return nil, err
	}
	acked := map[store.SyncKey]store.SyncItem{}
	if !full {
		if acked, err = c.Acknowledged(ctx); err != nil {
			return nil, err
		}
	}
	changed := func(kind string, r payload.Record) bool {
		a, ok := acked[store.SyncKey{Kind: kind, ID: r.ID}]
		return !ok || a.Version != r.Version || a.Hash != r.Hash
	}
	p := c.Profile()
	out := &contents{state: st}
	rec := &out.records
	rec.Cell = payload.Cell{Code: p.Code, Name: p.Name, OfficeName: p.OfficeName, OfficeLevel: p.OfficeLevel,
		Place: p.Place, Secretary: p.Secretary}
	// With nothing acknowledged every record travels: the first bundle, --full, and the
	// first after a catch-up (store.Cell.CatchUp).
	rec.Full = full || len(acked) == 0
	rec.AckedSeq = st.AckedSeq
	rec.Members, rec.Events, rec.Meetings = []payload.Record{}, []payload.Record{}, []payload.Record{}
	rec.Chain, rec.Documents, rec.Notes = []payload.ChainEntry{}, []payload.Document{}, []payload.Note{}
	add := func(kind string, list *[]payload.Record, r payload.Record) {
		if changed(kind, r) {
			*list = append(*list, r)
			out.sent = append(out.sent, store.SyncItem{Kind: kind, ID: r.ID, Version: r.Version, Hash: r.Hash})
		}
	}

	chain, err := c.Chain(ctx)
	if err != nil {
		return nil, err
	}
	if h := st.AckedHeadSeq; h > 0 && (h > len(chain) || chain[h-1].EntryHash != st.AckedHeadHash) {
		return nil, refuse(ErrTampered, "sync.err.tampered", map[string]any{"Seq": h}, nil)
	}
	approved := make(map[string]int, len(chain)) // meeting id → chain seq
	hashes := make(map[string]string, len(chain))
	for _, e := range chain {
		approved[e.RecordID], hashes[e.RecordID] = e.Seq, e.RecordHash
		if e.Seq > st.AckedHeadSeq {
			rec.Chain = append(rec.Chain, payload.ChainEntry{Seq: e.Seq, RecordType: e.RecordType, RecordID: e.RecordID,
				RecordHash: e.RecordHash, PrevHash: e.PrevHash, EntryHash: e.EntryHash, At: e.At})
		}
	}
	if n := len(chain); n > 0 {
		rec.Head = payload.ChainHead{Seq: chain[n-1].Seq, Hash: chain[n-1].EntryHash}
	}

	members, err := c.ListMembers(ctx)
	if err != nil {
		return nil, err
	}
	for _, m := range members {
		r, err := payload.NewRecord(m.ID, m.Version, false, m)
		if err != nil {
			return nil, err
		}
		add(payload.KindMember, &rec.Members, r)
	}
	events, err := c.AllEvents(ctx)
	if err != nil {
		return nil, err
	}
	for _, e := range events {
		r, err := payload.NewRecord(e.ID, e.Version, e.Deleted, e.Event)
		if err != nil {
			return nil, err
		}
		add(payload.KindEvent, &rec.Events, r)
	}
	meetings, err := c.ListMeetings(ctx)
	if err != nil {
		return nil, err
	}
	var carried []store.Meeting
	for _, m := range meetings {
		if m.Status != store.StatusApproved || hashes[m.ID] == "" || hashes[m.ID] != m.RecordHash {
			continue // drafts never travel; see above for one approved meanwhile
		}
		carried = append(carried, m)
	}
	sort.Slice(carried, func(i, j int) bool { return approved[carried[i].ID] < approved[carried[j].ID] })
	for _, m := range carried {
		r, err := payload.NewRecord(m.ID, m.Version, false, m)
		if err != nil {
			return nil, err
		}
		n := len(rec.Meetings)
		add(payload.KindMeeting, &rec.Meetings, r)
		if len(rec.Meetings) > n {
			out.meetings = append(out.meetings, m)
		}
	}

	next, err := c.PendingKey(ctx)
	switch {
	case err == nil:
		rec.KeyChange = &payload.KeyChange{NewKey: next.PublicKey, At: next.CreatedAt, Reason: next.Reason}
		out.keyChange = next.PublicKey
	case !errors.Is(err, store.ErrNotFound):
		return nil, err
	}
	notes, err := c.PendingNotes(ctx)
	if err != nil {
		return nil, err
	}
	for _, n := range notes {
		rec.Notes = append(rec.Notes, payload.Note{At: n.At, Text: n.Text})
		out.sent = append(out.sent, store.SyncItem{Kind: store.SyncNote, ID: strconv.FormatInt(n.ID, 10), Version: 1,
			Hash: payload.Hash([]byte(n.Text))})
	}
	return out, nil
}
