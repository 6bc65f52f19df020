package cellsync

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"chibo/store"
	"chibo/sync/bundle"
	"chibo/sync/payload"
)

// State is where the cell's exchange with the office stands, for the window.
type State struct {
	// Fingerprint is the fingerprint of the cell's current signing key.
	Fingerprint string
	// LastExport is the last bundle exported since the last key reset (Seq 0: none).
	LastExport ExportInfo
	// LastReceipt is the last receipt read since the last key reset (Seq 0: none).
	LastReceipt ReceiptInfo
	// Office is the pinned office (Pinned false: none yet).
	Office OfficeInfo
	// Pending counts what the next bundle would carry.
	Pending Pending
	// KeyChange is the pending rotation (Pending false: none).
	KeyChange KeyChangeInfo
	// ChainBehind: the last receipt read says the office holds approved minutes up to entry
	// OfficeHead of the cell's chain, which the cell's data does not have (its chain has
	// CellHead entries, or others): minutes were lost with a restored backup (see
	// ReceiptResult.ChainBehind). The office will refuse the next bundle until it enrols the
	// cell again.
	ChainBehind          bool
	OfficeHead, CellHead int
}

// ExportInfo describes a bundle exported.
type ExportInfo struct {
	Seq     uint64
	Created time.Time // UTC
	File    string    // its file name (the folder is not remembered)
}

// ReceiptInfo describes a receipt read.
type ReceiptInfo struct {
	Seq       uint64
	ReadAt    time.Time // UTC
	Status    string    // payload.ReceiptImported or payload.ReceiptAlreadyImported
	Counts    payload.Counts
	Conflicts []payload.Conflict
}

// OfficeInfo describes the pinned office.
type OfficeInfo struct {
	Pinned       bool
	Code, Name   string
	Fingerprint  string // of its signing key
	HasRecipient bool   // bundles are encrypted to it
	How          string // store.PinnedByCard or store.PinnedByReceipt
}

// Pending counts the records and chain entries the next bundle would carry.
type Pending struct {
	Members, Events, Meetings, Chain, Notes int
}

// KeyChangeInfo describes a rotation waiting for the office's receipt.
type KeyChangeInfo struct {
	Pending     bool
	Fingerprint string // of the next key
	CreatedAt   string // RFC 3339
	Reason      string
}

// Status returns where the exchange stands. It only reads; it counts what would travel the
// same way Export chooses it.
func Status(ctx context.Context, c *store.Cell) (State, error) {
	var s State
	pub, err := c.PublicKey(ctx)
	if err != nil {
		return s, wrapf(err, "public key")
	}
	s.Fingerprint = bundle.Fingerprint(pub)
	exports, err := c.SyncExports(ctx)
	if err != nil {
		return s, wrapf(err, "exports")
	}
	if len(exports) > 0 {
		e := exports[0]
		s.LastExport = ExportInfo{Seq: e.Seq, Created: e.Created, File: e.FileName}
	}
	r, err := c.LastReceipt(ctx)
	switch {
	case err == nil:
		s.LastReceipt = ReceiptInfo{Seq: r.Seq, ReadAt: r.ReadAt, Status: r.Status}
		json.Unmarshal(r.Counts, &s.LastReceipt.Counts)
		json.Unmarshal(r.Conflicts, &s.LastReceipt.Conflicts)
		if r.HeadSeq > 0 {
			chain, err := c.Chain(ctx)
			if err != nil {
				return s, wrapf(err, "chain")
			}
			if r.HeadSeq > len(chain) || chain[r.HeadSeq-1].EntryHash != r.HeadHash {
				s.ChainBehind, s.OfficeHead, s.CellHead = true, r.HeadSeq, len(chain)
			}
		}
	case !errors.Is(err, store.ErrNotFound):
		return s, wrapf(err, "last receipt")
	}
	o, err := c.Office(ctx)
	switch {
	case err == nil:
		s.Office = OfficeInfo{Pinned: true, Code: o.Code, Name: o.Name, HasRecipient: o.Recipient != "", How: o.How}
		if k, err := payload.ParseSigningKey(o.SigningKey); err == nil {
			s.Office.Fingerprint = bundle.Fingerprint(k)
		}
	case !errors.Is(err, store.ErrNotFound):
		return s, wrapf(err, "office")
	}
	cont, err := collect(ctx, c, false)
	if err != nil {
		return s, err
	}
	rec := cont.records
	s.Pending = Pending{Members: len(rec.Members), Events: len(rec.Events), Meetings: len(rec.Meetings),
		Chain: len(rec.Chain), Notes: len(rec.Notes)}
	next, err := c.PendingKey(ctx)
	switch {
	case err == nil:
		s.KeyChange = KeyChangeInfo{Pending: true, CreatedAt: next.CreatedAt, Reason: next.Reason}
		if k, err := next.Public(); err == nil {
			s.KeyChange.Fingerprint = bundle.Fingerprint(k)
		}
	case !errors.Is(err, store.ErrNotFound):
		return s, wrapf(err, "pending key")
	}
	return s, nil
}

// PublicKeyFile returns the cell's public key as a minisign public key file, with the
// untrusted comment "chibo cell CODE NAME": the office's `enroll --cell-key FILE` reads the
// cell's code from it, and the stock `minisign -V -p FILE` accepts it.
func PublicKeyFile(ctx context.Context, c *store.Cell) ([]byte, error) {
	pub, err := c.PublicKey(ctx)
	if err != nil {
		return nil, wrapf(err, "public key")
	}
	p := c.Profile()
	return []byte(PublicKeyText(p.Code, p.Name, pub.String())), nil
}

// PublicKeyText is the minisign public key file of a cell's key (the base64 line).
func PublicKeyText(code, name, key string) string {
	name = strings.Join(strings.Fields(name), " ") // one line, whatever the name holds
	return "untrusted comment: chibo cell " + code + " " + name + "\n" + key + "\n"
}
