// Package officetest makes real signed bundles from a real cell, for the tests and benchmarks
// of the office side and of the command line. It builds records.json from the store's own
// records (members, their events, approved meetings and the chain) with package payload and
// writes the bundle with package bundle, as the cell's exporter does; it knows nothing of what
// an office has acknowledged, so the caller chooses what each bundle carries.
package officetest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"chibo/store"
	"chibo/sync/bundle"
	"chibo/sync/payload"
)

// Source is a cell's records ready to travel, its signing key, and the number and manifest
// hash of the last bundle Next wrote.
type Source struct {
	Cell     payload.Cell
	Key      bundle.Key
	Members  []payload.Record
	Events   []payload.Record
	Meetings []payload.Record // approved meetings only, oldest first
	Chain    []payload.ChainEntry
	Seq      uint64
	Prev     string
	// Created is the creation time written into manifests; each bundle adds a minute.
	Created time.Time
}

// FromCell reads every record of c and gives it a fresh signing key.
func FromCell(ctx context.Context, c *store.Cell) (*Source, error) {
	key, err := bundle.GenerateKey()
	if err != nil {
		return nil, err
	}
	p := c.Profile()
	s := &Source{
		Cell: payload.Cell{Code: p.Code, Name: p.Name, OfficeName: p.OfficeName, OfficeLevel: p.OfficeLevel,
			Place: p.Place, Secretary: p.Secretary},
		Key:     key,
		Created: time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC),
	}
	ms, err := c.ListMembers(ctx)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		r, err := payload.NewRecord(m.ID, m.Version, false, m)
		if err != nil {
			return nil, err
		}
		s.Members = append(s.Members, r)
		evs, err := c.Events(ctx, m.ID)
		if err != nil {
			return nil, err
		}
		for _, e := range evs {
			r, err := payload.NewRecord(e.ID, e.Version, false, e)
			if err != nil {
				return nil, err
			}
			s.Events = append(s.Events, r)
		}
	}
	meetings, err := c.ListMeetings(ctx)
	if err != nil {
		return nil, err
	}
	for i := len(meetings) - 1; i >= 0; i-- {
		m := meetings[i]
		if m.Status != store.StatusApproved {
			continue
		}
		r, err := payload.NewRecord(m.ID, m.Version, false, m)
		if err != nil {
			return nil, err
		}
		s.Meetings = append(s.Meetings, r)
	}
	chain, err := c.Chain(ctx)
	if err != nil {
		return nil, err
	}
	for _, e := range chain {
		s.Chain = append(s.Chain, payload.ChainEntry{Seq: e.Seq, RecordType: e.RecordType, RecordID: e.RecordID,
			RecordHash: e.RecordHash, PrevHash: e.PrevHash, EntryHash: e.EntryHash, At: e.At})
	}
	return s, nil
}

// Head returns the head of the first n chain entries.
func (s *Source) Head(n int) payload.ChainHead {
	if n == 0 {
		return payload.ChainHead{}
	}
	e := s.Chain[n-1]
	return payload.ChainHead{Seq: e.Seq, Hash: e.EntryHash}
}

// Full returns records.json carrying everything: every record and the whole chain.
func (s *Source) Full() *payload.Records {
	return &payload.Records{
		Cell: s.Cell, Full: true, AckedSeq: s.Seq,
		Members:  append([]payload.Record{}, s.Members...),
		Events:   append([]payload.Record{}, s.Events...),
		Meetings: append([]payload.Record{}, s.Meetings...),
		Chain:    append([]payload.ChainEntry{}, s.Chain...), Head: s.Head(len(s.Chain)),
		Documents: []payload.Document{}, Notes: []payload.Note{},
	}
}

// Upto returns records.json carrying the members and events, the chain entries from..to
// (1-based, inclusive; from > to for none) with the approved meetings they name, and the head
// at entry to.
func (s *Source) Upto(from, to int) *payload.Records {
	r := s.Full()
	r.Full = false
	r.Chain = append([]payload.ChainEntry{}, s.Chain[max(from, 1)-1:max(to, from-1)]...)
	r.Head = s.Head(to)
	want := map[string]bool{}
	for _, e := range r.Chain {
		want[e.RecordID] = true
	}
	r.Meetings = []payload.Record{}
	for _, m := range s.Meetings {
		if want[m.ID] {
			r.Meetings = append(r.Meetings, m)
		}
	}
	return r
}

// Options adjust one bundle.
type Options struct {
	Seq       uint64            // 0: the next number
	Prev      *string           // nil: the last bundle's manifest hash
	Recipient string            // the office's age recipient, to encrypt to
	Key       *bundle.Key       // nil: the source's key
	PDFs      map[string][]byte // payload files beside records.json (paths under pdf/)
	Raw       []byte            // records.json bytes as given, instead of encoding records
}

// Bundle returns the bytes of a bundle carrying r and its manifest hash, without advancing
// the source's number.
func (s *Source) Bundle(r *payload.Records, o Options) ([]byte, string, error) {
	seq := o.Seq
	if seq == 0 {
		seq = s.Seq + 1
	}
	prev := s.Prev
	if o.Prev != nil {
		prev = *o.Prev
	}
	if seq == 1 && o.Prev == nil {
		prev = ""
	}
	key := s.Key
	if o.Key != nil {
		key = *o.Key
	}
	rb := o.Raw
	if rb == nil {
		var err error
		if rb, err = r.Encode(); err != nil {
			return nil, "", err
		}
	}
	files := map[string][]byte{payload.RecordsPath: rb}
	for p, c := range o.PDFs {
		files[p] = c
	}
	m := bundle.Manifest{SchemaVersion: store.SchemaVersion(), Cell: s.Cell.Code, Seq: seq, PrevHash: prev,
		Created: s.Created.Add(time.Duration(seq) * time.Minute), Recipient: o.Recipient}
	var buf bytes.Buffer
	if err := bundle.Write(&buf, m, files, key.Private); err != nil {
		return nil, "", err
	}
	b, err := bundle.Read(bytes.NewReader(buf.Bytes()), int64(buf.Len()), bundle.Limits{})
	if err != nil {
		return nil, "", fmt.Errorf("officetest: read back: %w", err)
	}
	return buf.Bytes(), b.ManifestHash, nil
}

// Next writes the next bundle carrying r into dir under its proper name, advances the
// source's number and previous hash, and returns the file's path.
func (s *Source) Next(dir string, r *payload.Records, o Options) (string, error) {
	b, h, err := s.Bundle(r, o)
	if err != nil {
		return "", err
	}
	seq := o.Seq
	if seq == 0 {
		seq = s.Seq + 1
	}
	path := filepath.Join(dir, bundle.FileName(s.Cell.Code, seq))
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return "", err
	}
	s.Seq, s.Prev = seq, h
	return path, nil
}

// PublicKeyFile returns the cell's public key file as `chibo key` prints it.
func (s *Source) PublicKeyFile() []byte {
	return []byte("untrusted comment: chibo cell " + s.Cell.Code + " " + s.Cell.Name + "\n" + s.Key.Public.String() + "\n")
}
