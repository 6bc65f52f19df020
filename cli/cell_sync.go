package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"chibo/documents"
	"chibo/i18n"
	"chibo/store"
	"chibo/sync/bundle"
	"chibo/sync/cellsync"
	"chibo/sync/payload"
)

// The cell's side of the exchange with the office (issue 4): its signing key, exporting a
// bundle, and reading the office's receipt.
func init() {
	moreCommands = append(moreCommands,
		command{"key", runKey},
		command{"export", runExport},
		command{"receipt", runReceipt},
	)
}

// runKey prints the cell's public key file and its fingerprint; it also writes the key file
// (--out) and the enrolment sheet (--sheet), starts an announced key change (--rotate) or
// resets a lost key (--reset), and pins the office from its card (--office-card).
func runKey(ctx context.Context, e *Env, lang i18n.Lang, args []string) error {
	fs, data, code := cellFlagSet(e, lang, "key")
	out := fs.String("out", "", "")
	sheet := fs.String("sheet", "", "")
	rotate := fs.Bool("rotate", false, "")
	reset := fs.Bool("reset", false, "")
	reason := fs.String("reason", "", "")
	card := fs.String("office-card", "", "")
	replace := fs.Bool("replace-office", false, "")
	if err := parse(fs, lang, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{i18n.T(lang, "cli.bad_usage", map[string]any{"Command": fs.Name()})}
	}
	if *rotate && *reset {
		return usageError{i18n.T(lang, "sync.cli.rotate_and_reset")}
	}
	if (*rotate || *reset) && *reason == "" {
		return usageError{i18n.T(lang, "sync.cli.need_reason")}
	}
	c, err := unlock(ctx, e, lang, *data, *code)
	if err != nil {
		return err
	}
	defer c.Close()
	if *card != "" {
		oc, err := cellsync.LoadOfficeCard(ctx, c, *card, *replace)
		if err != nil {
			return err
		}
		fp := ""
		if k, err := payload.ParseSigningKey(oc.SigningKey); err == nil {
			fp = bundle.Fingerprint(k)
		}
		fmt.Fprintln(e.Stdout, i18n.T(lang, "sync.cli.office_pinned", map[string]any{"Office": oc.OfficeName, "Code": oc.Office, "Fingerprint": fp}))
	}
	switch {
	case *rotate:
		if err := c.RotateKey(ctx, *reason); err != nil {
			return err
		}
		next, err := c.PendingKey(ctx)
		if err != nil {
			return err
		}
		pub, err := next.Public()
		if err != nil {
			return err
		}
		fmt.Fprintln(e.Stdout, i18n.T(lang, "sync.cli.key_rotated", map[string]any{"Fingerprint": bundle.Fingerprint(pub)}))
	case *reset:
		if err := c.ResetKey(ctx, *reason); err != nil {
			return err
		}
		pub, err := c.PublicKey(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintln(e.Stdout, i18n.T(lang, "sync.cli.key_reset", map[string]any{"Fingerprint": bundle.Fingerprint(pub)}))
	}

	text, err := cellsync.PublicKeyFile(ctx, c)
	if err != nil {
		return err
	}
	pub, err := c.PublicKey(ctx)
	if err != nil {
		return err
	}
	p := c.Profile()
	fmt.Fprint(e.Stdout, string(text))
	fmt.Fprintln(e.Stdout, i18n.T(lang, "sync.cli.key_fingerprint", map[string]any{"Code": p.Code, "Fingerprint": bundle.Fingerprint(pub)}))
	if next, err := c.PendingKey(ctx); err == nil && !*rotate {
		if np, err := next.Public(); err == nil {
			fmt.Fprintln(e.Stdout, i18n.T(lang, "sync.cli.key_pending", map[string]any{"Fingerprint": bundle.Fingerprint(np)}))
		}
	} else if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if *out != "" {
		if err := writeFileAtomic(*out, text); err != nil {
			return err
		}
		fmt.Fprintln(e.Stdout, i18n.T(lang, "sync.cli.key_written", map[string]any{"Path": *out}))
	}
	if *sheet != "" {
		office := ""
		if o, err := c.Office(ctx); err == nil {
			office = o.Name
		}
		var buf bytes.Buffer
		err := documents.EnrolmentSheet(&buf, documents.Enrolment{Profile: p, OfficeName: office,
			PublicKey: pub.String(), Fingerprint: bundle.Fingerprint(pub), Date: store.Today()}, documents.Options{})
		if err != nil {
			return err
		}
		if err := writeFileAtomic(*sheet, buf.Bytes()); err != nil {
			return err
		}
		fmt.Fprintln(e.Stdout, i18n.T(lang, "sync.cli.sheet_written", map[string]any{"Path": *sheet}))
	}
	return nil
}

// runExport writes the cell's next bundle into --out DIR.
func runExport(ctx context.Context, e *Env, lang i18n.Lang, args []string) error {
	fs, data, code := cellFlagSet(e, lang, "export")
	out := fs.String("out", "", "")
	full := fs.Bool("full", false, "")
	if err := parse(fs, lang, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{i18n.T(lang, "cli.bad_usage", map[string]any{"Command": fs.Name()})}
	}
	if *out == "" {
		return usageError{i18n.T(lang, "sync.cli.need_out_dir")}
	}
	c, err := unlock(ctx, e, lang, *data, *code)
	if err != nil {
		return err
	}
	defer c.Close()
	res, err := cellsync.Export(ctx, c, *out, cellsync.Options{Full: *full})
	if r := cellsync.BehindReceipt(err); r != "" {
		// Name the command that fixes it, with the receipt found beside the bundle.
		return refusal{i18n.Error(lang, err) + "\n" +
			i18n.T(lang, "sync.cli.behind_command", map[string]any{"Code": c.Profile().Code, "Path": r})}
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(e.Stdout, i18n.T(lang, "sync.cli.exported", map[string]any{"Seq": res.Seq, "Path": res.Path}))
	fmt.Fprintln(e.Stdout, i18n.T(lang, "sync.cli.export_counts", map[string]any{"Members": res.Members, "Events": res.Events,
		"Meetings": res.Meetings, "Chain": res.Chain, "Documents": res.Documents, "KB": (res.Bytes + 1023) / 1024}))
	if res.Encrypted {
		fmt.Fprintln(e.Stdout, i18n.T(lang, "sync.cli.export_encrypted", map[string]any{"Office": res.OfficeName}))
	} else {
		fmt.Fprintln(e.Stdout, i18n.T(lang, "sync.cli.export_clear"))
	}
	if res.KeyChange {
		fmt.Fprintln(e.Stdout, i18n.T(lang, "sync.cli.export_keychange"))
	}
	if res.Warning != nil {
		fmt.Fprintln(e.Stdout, i18n.Error(lang, res.Warning))
	}
	return nil
}

// runReceipt reads the office's receipt FILE and says what the office acknowledged.
func runReceipt(ctx context.Context, e *Env, lang i18n.Lang, args []string) error {
	fs, data, code := cellFlagSet(e, lang, "receipt")
	// The file may come before or after the flags.
	var files []string
	for {
		if err := parse(fs, lang, args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(files) != 1 {
		return usageError{i18n.T(lang, "sync.cli.need_receipt")}
	}
	c, err := unlock(ctx, e, lang, *data, *code)
	if err != nil {
		return err
	}
	defer c.Close()
	res, err := cellsync.ReadReceipt(ctx, c, files[0])
	if err != nil {
		return err
	}
	r := res.Receipt
	if res.PinnedNow {
		fmt.Fprintln(e.Stdout, i18n.T(lang, "sync.cli.receipt_pinned", map[string]any{"Office": r.OfficeName, "Fingerprint": res.OfficeFingerprint}))
	}
	if res.AlreadyRead {
		fmt.Fprintln(e.Stdout, i18n.T(lang, "sync.cli.receipt_already", map[string]any{"Seq": r.Seq}))
		return nil
	}
	fmt.Fprintln(e.Stdout, i18n.T(lang, "sync.cli.receipt_read", map[string]any{"Office": r.OfficeName, "Seq": r.Seq,
		"Status": i18n.T(lang, "sync.cli.receipt_status."+r.Status)}))
	if res.CaughtUp {
		fmt.Fprintln(e.Stdout, i18n.T(lang, "sync.cli.receipt_caught_up", map[string]any{"Seq": r.Seq, "Next": r.Seq + 1}))
	}
	if res.ChainBehind {
		fmt.Fprintln(e.Stdout, i18n.T(lang, "sync.cli.receipt_chain_behind", map[string]any{"Office": res.OfficeHead, "Cell": res.CellHead}))
	}
	n := r.Counts
	fmt.Fprintln(e.Stdout, i18n.T(lang, "sync.cli.receipt_counts", map[string]any{"Members": n.Members, "Events": n.Events,
		"Meetings": n.Meetings, "Documents": n.Documents, "Unchanged": n.Unchanged}))
	for _, k := range r.Conflicts {
		fmt.Fprintln(e.Stdout, i18n.T(lang, "sync.cli.receipt_conflict", map[string]any{"Kind": i18n.T(lang, "sync.cli.kind."+k.Kind),
			"ID": k.ID, "Version": k.Version, "Reason": k.Reason}))
	}
	if len(r.Conflicts) > 0 {
		fmt.Fprintln(e.Stdout, i18n.T(lang, "sync.cli.receipt_conflicts_note"))
	}
	return nil
}
