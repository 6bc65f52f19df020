package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"chibo/i18n"
	"chibo/rules"
	"chibo/store"
	"chibo/sync/bundle"
	"chibo/sync/office"
)

// The receiving office's commands (docs/bundle-format.md, "How the office checks a bundle").
func init() {
	moreCommands = append(moreCommands,
		command{"office create", runOfficeCreate},
		command{"office enroll", runOfficeEnroll},
		command{"office import", runOfficeImport},
		command{"office report", runOfficeReport},
		command{"office conflicts", runOfficeConflicts},
		command{"office resolve", runOfficeResolve},
		command{"office list", runOfficeList},
		command{"verify", runVerify},
		command{"office", runOfficeUsage}, // last: only when no subcommand above matched
	)
}

func runOfficeUsage(ctx context.Context, e *Env, lang i18n.Lang, args []string) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		fmt.Fprintln(e.Stdout, i18n.T(lang, "office.cli.usage"))
		return nil
	}
	return usageError{i18n.T(lang, "office.cli.usage")}
}

// parseMixed parses flags that may come before, between or after the positional arguments
// ("office import FILE... --office X"), and returns the positional ones.
func parseMixed(fs *flag.FlagSet, lang i18n.Lang, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parse(fs, lang, args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos, args = append(pos, args[0]), args[1:]
	}
}

// openOffice unlocks the office named by --office.
func openOffice(ctx context.Context, e *Env, lang i18n.Lang, data, code string) (*office.Office, error) {
	if code == "" {
		return nil, usageError{i18n.T(lang, "office.cli.need_office")}
	}
	dir := dataDir(e, data)
	code = store.NormalizeCode(code)
	if _, err := os.Stat(office.Path(dir, code)); err != nil {
		return nil, refusal{i18n.T(lang, "office.cli.no_such_office", map[string]any{"Code": code})}
	}
	pass, err := passphrase(e, lang, i18n.T(lang, "office.cli.passphrase_prompt", map[string]any{"Code": code}), false)
	if err != nil {
		return nil, err
	}
	o, err := office.Open(ctx, dir, code, pass)
	if err != nil {
		return nil, err
	}
	if u := e.Getenv("CHIBO_USER"); u != "" {
		o.SetActor(u)
	}
	return o, nil
}

// runOfficeCreate makes an office profile with its keys and prints their public halves;
// nothing secret is printed or written outside the profile. --card DIR also writes the office
// card that cells load to encrypt to the office and to check its receipts.
func runOfficeCreate(ctx context.Context, e *Env, lang i18n.Lang, args []string) error {
	fs := newFlags(e, lang, "office create")
	data := fs.String("data", "", "")
	var p office.Profile
	fs.StringVar(&p.Code, "office", "", "")
	fs.StringVar(&p.Name, "name", "", "")
	fs.StringVar(&p.Level, "level", store.LevelCommune, "")
	card := fs.String("card", "", "")
	if err := parse(fs, lang, args); err != nil {
		return err
	}
	if p.Code == "" {
		return usageError{i18n.T(lang, "office.cli.need_office")}
	}
	if strings.TrimSpace(p.Name) == "" {
		return usageError{i18n.T(lang, "office.cli.need_name")}
	}
	if err := p.Validate(); err != nil {
		return err
	}
	dir := dataDir(e, *data)
	if _, err := os.Stat(office.Path(dir, p.Code)); err == nil {
		return office.ErrOfficeExists
	}
	pass, err := passphrase(e, lang, i18n.T(lang, "office.cli.passphrase_new", map[string]any{"Code": p.Code}), true)
	if err != nil {
		return err
	}
	o, err := office.Create(ctx, dir, p, pass, createOptions(e)...)
	if err != nil {
		return err
	}
	defer o.Close()
	pr := o.Profile()
	fmt.Fprintln(e.Stdout, i18n.T(lang, "office.cli.created", map[string]any{"Code": pr.Code, "Name": pr.Name, "Path": o.Path()}))
	fmt.Fprintln(e.Stdout, i18n.T(lang, "office.cli.signing_key", map[string]any{"Key": o.SigningKey().String(), "KeyID": office.KeyID(o.SigningKey().ID())}))
	fmt.Fprintln(e.Stdout, i18n.T(lang, "office.cli.fingerprint", map[string]any{"Fingerprint": o.Fingerprint()}))
	fmt.Fprintln(e.Stdout, i18n.T(lang, "office.cli.recipient", map[string]any{"Recipient": o.Recipient()}))
	if *card != "" {
		if err := os.MkdirAll(*card, 0o755); err != nil {
			return fmt.Errorf("%w: %v", store.ErrDiskIO, err)
		}
		path, err := o.WriteCard(*card)
		if err != nil {
			return fmt.Errorf("%w: %v", store.ErrDiskIO, err)
		}
		fmt.Fprintln(e.Stdout, i18n.T(lang, "office.cli.card_written", map[string]any{"Path": path}))
	}
	return nil
}

// readCellKey reads --cell-key: a file holding the key, or the key itself.
func readCellKey(value string) (office.CellKey, error) {
	if b, err := os.ReadFile(value); err == nil {
		return office.ParseCellKey(b)
	}
	return office.ParseCellKey([]byte(value))
}

// normFingerprint compares fingerprints whatever their case, spaces or dashes.
func normFingerprint(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' || r == ':' {
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(s)))
}

// runOfficeEnroll makes the office trust a cell's key. It prints the key's fingerprint to be
// compared with the cell's enrolment sheet, and with --fingerprint refuses a key whose
// fingerprint differs before anything is stored.
func runOfficeEnroll(ctx context.Context, e *Env, lang i18n.Lang, args []string) error {
	fs := newFlags(e, lang, "office enroll")
	data := fs.String("data", "", "")
	code := fs.String("office", "", "")
	keyArg := fs.String("cell-key", "", "")
	cell := fs.String("cell", "", "")
	name := fs.String("name", "", "")
	fp := fs.String("fingerprint", "", "")
	replace := fs.Bool("replace", false, "")
	reason := fs.String("reason", "", "")
	if err := parse(fs, lang, args); err != nil {
		return err
	}
	if *code == "" {
		return usageError{i18n.T(lang, "office.cli.need_office")}
	}
	if *keyArg == "" {
		return usageError{i18n.T(lang, "office.cli.need_key")}
	}
	if *replace && strings.TrimSpace(*reason) == "" {
		return usageError{i18n.T(lang, "office.cli.need_reason")}
	}
	ck, err := readCellKey(*keyArg)
	if err != nil {
		return err
	}
	c := store.NormalizeCode(*cell)
	switch {
	case c == "" && ck.Cell == "":
		return usageError{i18n.T(lang, "office.cli.need_cell_code")}
	case c == "":
		c = ck.Cell
	case ck.Cell != "" && ck.Cell != c:
		return refusal{i18n.T(lang, "office.cli.cell_mismatch", map[string]any{"KeyCell": ck.Cell, "Cell": c})}
	}
	n := *name
	if n == "" {
		n = ck.Name
	}
	got := bundle.Fingerprint(ck.Key)
	fmt.Fprintln(e.Stdout, i18n.T(lang, "office.cli.key_fingerprint", map[string]any{"Cell": c, "Fingerprint": got}))
	if *fp != "" && normFingerprint(*fp) != normFingerprint(got) {
		return refusal{i18n.T(lang, "office.cli.fingerprint_mismatch", map[string]any{"Got": got, "Want": *fp})}
	}
	o, err := openOffice(ctx, e, lang, *data, *code)
	if err != nil {
		return err
	}
	defer o.Close()
	res, err := o.Enroll(ctx, office.EnrollRequest{Cell: c, Name: n, Key: ck.Key, Replace: *replace, Reason: *reason})
	if err != nil {
		return err
	}
	key := "office.cli.enrolled"
	switch {
	case res.Already:
		key = "office.cli.enrolled_already"
	case res.Replaced:
		key = "office.cli.reenrolled"
	}
	fmt.Fprintln(e.Stdout, i18n.T(lang, key, map[string]any{"Cell": res.Cell, "Name": res.Name, "Fingerprint": res.Fingerprint}))
	return nil
}

// runOfficeImport verifies and imports bundles, in (cell, number) order, and writes a receipt
// beside each. One line per bundle says what became of it: imported with its counts, already
// imported, refused and why (on standard error), records kept aside. The exit status is 1 when
// any bundle was refused or a receipt could not be written (importing again writes it).
func runOfficeImport(ctx context.Context, e *Env, lang i18n.Lang, args []string) error {
	fs := newFlags(e, lang, "office import")
	data := fs.String("data", "", "")
	code := fs.String("office", "", "")
	files, err := parseMixed(fs, lang, args)
	if err != nil {
		return err
	}
	if *code == "" {
		return usageError{i18n.T(lang, "office.cli.need_office")}
	}
	if len(files) == 0 {
		return usageError{i18n.T(lang, "office.cli.need_files")}
	}
	o, err := openOffice(ctx, e, lang, *data, *code)
	if err != nil {
		return err
	}
	defer o.Close()
	var problems []string
	var imported, already, refused int
	for _, r := range o.Import(ctx, files, nil) {
		file := filepath.Base(r.File)
		name := r.CellName
		if name == "" {
			name = r.Cell
		}
		args := map[string]any{"File": file, "Cell": r.Cell, "Name": name, "Seq": r.Seq}
		switch r.Outcome {
		case office.OutcomeImported:
			imported++
			c := r.Counts
			args["Counts"] = i18n.T(lang, "office.cli.counts", map[string]any{"Members": c.Members, "Events": c.Events,
				"Meetings": c.Meetings, "Documents": c.Documents, "Unchanged": c.Unchanged})
			fmt.Fprintln(e.Stdout, i18n.T(lang, "office.cli.imported", args))
			if r.Rotated {
				fmt.Fprintln(e.Stdout, i18n.T(lang, "office.cli.rotated", args))
			}
		case office.OutcomeAlreadyImported:
			already++
			fmt.Fprintln(e.Stdout, i18n.T(lang, "office.cli.already", args))
		default:
			refused++
			problems = append(problems, i18n.Error(lang, r.Err))
			continue
		}
		if n := len(r.Conflicts); n > 0 {
			fmt.Fprintln(e.Stdout, i18n.T(lang, "office.cli.conflicts", map[string]any{"File": file, "Count": n}))
		}
		if r.ReceiptErr != nil {
			problems = append(problems, i18n.Error(lang, r.ReceiptErr))
		} else {
			fmt.Fprintln(e.Stdout, i18n.T(lang, "office.cli.receipt", map[string]any{"File": file, "Receipt": filepath.Base(r.ReceiptPath)}))
		}
	}
	if len(files) > 1 {
		fmt.Fprintln(e.Stdout, i18n.T(lang, "office.cli.summary", map[string]any{"Imported": imported, "Already": already, "Refused": refused}))
	}
	return problemLines(e, problems)
}

// problemLines prints one line per problem on standard error and makes the exit status 1.
func problemLines(e *Env, problems []string) error {
	if len(problems) == 0 {
		return nil
	}
	for _, p := range problems[:len(problems)-1] {
		fmt.Fprintln(e.Stderr, p)
	}
	return refusal{problems[len(problems)-1]}
}

// runVerify checks a bundle without importing it. With --office the office runs every check
// of an import (signature with the enrolled key, files, decryption, numbers, chain) and
// writes nothing; with --key the signature and every file's hash are checked against that
// key; without either only the container and manifest are, and it says so.
func runVerify(ctx context.Context, e *Env, lang i18n.Lang, args []string) error {
	fs := newFlags(e, lang, "verify")
	data := fs.String("data", "", "")
	code := fs.String("office", "", "")
	keyFile := fs.String("key", "", "")
	files, err := parseMixed(fs, lang, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usageError{i18n.T(lang, "office.cli.need_file")}
	}
	if *code != "" && *keyFile != "" {
		return usageError{i18n.T(lang, "office.cli.key_or_office")}
	}
	path := files[0]
	var sum office.Summary
	var checked *office.Checked
	switch {
	case *code != "":
		o, err := openOffice(ctx, e, lang, *data, *code)
		if err != nil {
			return err
		}
		defer o.Close()
		c, err := o.Check(ctx, path)
		if err != nil {
			return err
		}
		sum, checked = c.Summary, &c
	case *keyFile != "":
		ck, err := readCellKey(*keyFile)
		if err != nil {
			return err
		}
		k := ck.Key
		if sum, err = office.VerifyFile(path, &k); err != nil {
			return err
		}
	default:
		if sum, err = office.VerifyFile(path, nil); err != nil {
			return err
		}
	}
	printSummary(e, lang, sum)
	if checked != nil {
		o := map[string]any{"Office": store.NormalizeCode(*code), "Members": checked.Members, "Events": checked.Events,
			"Meetings": checked.Meetings, "Documents": checked.Documents}
		if checked.AlreadyImported {
			fmt.Fprintln(e.Stdout, i18n.T(lang, "office.cli.verify.already", o))
		} else {
			fmt.Fprintln(e.Stdout, i18n.T(lang, "office.cli.verify.importable", o))
		}
	}
	return nil
}

func printSummary(e *Env, lang i18n.Lang, s office.Summary) {
	fmt.Fprintln(e.Stdout, i18n.T(lang, "office.cli.verify.head", map[string]any{"File": filepath.Base(s.File),
		"Seq": s.Seq, "Cell": s.Cell, "Created": s.Created.Local().Format("02/01/2006 15:04"), "Files": s.Files, "Size": s.Size}))
	if s.Encrypted {
		fmt.Fprintln(e.Stdout, i18n.T(lang, "office.cli.verify.encrypted", map[string]any{"Recipient": s.Recipient}))
	} else {
		fmt.Fprintln(e.Stdout, i18n.T(lang, "office.cli.verify.clear"))
	}
	fmt.Fprintln(e.Stdout, i18n.T(lang, "office.cli.verify.signed_by", map[string]any{"KeyID": s.KeyID}))
	if s.SignatureChecked {
		fmt.Fprintln(e.Stdout, i18n.T(lang, "office.cli.verify.checked", map[string]any{"Fingerprint": s.Fingerprint}))
	} else {
		fmt.Fprintln(e.Stdout, i18n.T(lang, "office.cli.verify.unchecked"))
	}
}

// runOfficeReport prints the consolidated view of all enrolled cells, or with --json the
// office.Report itself.
func runOfficeReport(ctx context.Context, e *Env, lang i18n.Lang, args []string) error {
	fs := newFlags(e, lang, "office report")
	data := fs.String("data", "", "")
	code := fs.String("office", "", "")
	asJSON := fs.Bool("json", false, "")
	if err := parse(fs, lang, args); err != nil {
		return err
	}
	o, err := openOffice(ctx, e, lang, *data, *code)
	if err != nil {
		return err
	}
	defer o.Close()
	rep, err := o.Report(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.Stdout, rep)
	}
	fmt.Fprintln(e.Stdout, i18n.T(lang, "office.cli.report.title", map[string]any{"Office": rep.Office.Name,
		"Count": len(rep.Cells), "Date": rep.Today.DMY()}))
	if len(rep.Cells) == 0 {
		fmt.Fprintln(e.Stdout, i18n.T(lang, "office.cli.report.none"))
		return nil
	}
	tw := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, i18n.T(lang, "office.cli.report.header"))
	for _, c := range rep.Cells {
		last, when := i18n.T(lang, "office.cli.report.never"), ""
		if c.LastSeq > 0 {
			last, when = fmt.Sprint(c.LastSeq), dmy(c.LastImport)
		}
		regular := 0
		for _, m := range c.Months {
			regular += m.Regular
		}
		official, probationary := c.Members[store.StateOfficial], c.Members[store.StateProbationary]
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%s\t%s\t%d\t%d\t%s\t%d\t%s\n", c.Code, c.Name, official+probationary,
			official, probationary, last, when, regular, c.Missed, rules.FormatPercent(100*c.Rate), c.Conflicts, c.Fingerprint)
	}
	return tw.Flush()
}

func dmy(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("02/01/2006")
}

// runOfficeList lists the office profiles on this computer.
func runOfficeList(ctx context.Context, e *Env, lang i18n.Lang, args []string) error {
	fs := newFlags(e, lang, "office list")
	data := fs.String("data", "", "")
	asJSON := fs.Bool("json", false, "")
	if err := parse(fs, lang, args); err != nil {
		return err
	}
	list, err := office.List(ctx, dataDir(e, *data))
	if err != nil {
		return err
	}
	if *asJSON {
		ps := []office.Profile{}
		for _, l := range list {
			ps = append(ps, l.Profile)
		}
		return writeJSON(e.Stdout, ps)
	}
	tw := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, i18n.T(lang, "office.cli.list_header"))
	for _, l := range list {
		status := ""
		if l.Problem != nil {
			status = i18n.Error(lang, l.Problem)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", l.Code, l.Name, l.Level, status)
	}
	return tw.Flush()
}

// runOfficeConflicts lists the records kept aside that wait for a person: which cell, which
// record, when and from which bundle, and each field that differs, held → incoming. With
// --json it prints the office.ConflictRecord list itself.
func runOfficeConflicts(ctx context.Context, e *Env, lang i18n.Lang, args []string) error {
	fs := newFlags(e, lang, "office conflicts")
	data := fs.String("data", "", "")
	code := fs.String("office", "", "")
	asJSON := fs.Bool("json", false, "")
	if err := parse(fs, lang, args); err != nil {
		return err
	}
	if len(fs.Args()) > 0 {
		return usageError{i18n.T(lang, "cli.bad_usage", map[string]any{"Command": fs.Name()})}
	}
	o, err := openOffice(ctx, e, lang, *data, *code)
	if err != nil {
		return err
	}
	defer o.Close()
	cs, err := o.Conflicts(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.Stdout, cs)
	}
	if len(cs) == 0 {
		fmt.Fprintln(e.Stdout, i18n.T(lang, "office.cli.conflicts.none"))
		return nil
	}
	fmt.Fprintln(e.Stdout, i18n.T(lang, "office.cli.conflicts.title", map[string]any{"Count": len(cs)}))
	for _, c := range cs {
		cell := c.Cell
		if c.CellName != "" {
			cell = c.CellName + " (" + c.Cell + ")"
		}
		bundleName := c.Bundle
		if bundleName == "" {
			bundleName = fmt.Sprint(c.BundleSeq)
		}
		fmt.Fprintln(e.Stdout, i18n.T(lang, "office.cli.conflicts.row", map[string]any{"ID": c.ID, "Cell": cell,
			"Kind": i18n.T(lang, "office.kind."+c.Kind), "What": c.What, "Date": dmy(c.At), "Bundle": bundleName}))
		if c.Deleted {
			fmt.Fprintln(e.Stdout, i18n.T(lang, "office.cli.conflicts.deleted"))
		}
		for _, ch := range c.Changes {
			fmt.Fprintln(e.Stdout, i18n.T(lang, "office.cli.conflicts.change", map[string]any{"Label": ch.Label,
				"Held": ch.Held, "Incoming": ch.Incoming}))
		}
		if len(c.Changes) == 0 && !c.Deleted {
			fmt.Fprintln(e.Stdout, i18n.T(lang, "office.cli.conflicts.no_change", map[string]any{
				"Held": shortHash(c.HeldHash), "Incoming": shortHash(c.Hash)}))
		}
	}
	fmt.Fprintln(e.Stdout, i18n.T(lang, "office.cli.conflicts.hint", map[string]any{"Office": o.Profile().Code}))
	return nil
}

func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// runOfficeResolve settles one conflict: --keep held keeps the record the office holds,
// --keep incoming takes the copy kept aside. Who decided is CHIBO_USER, else the login name.
func runOfficeResolve(ctx context.Context, e *Env, lang i18n.Lang, args []string) error {
	fs := newFlags(e, lang, "office resolve")
	data := fs.String("data", "", "")
	code := fs.String("office", "", "")
	id := fs.Int64("conflict", 0, "")
	keep := fs.String("keep", "", "")
	if err := parse(fs, lang, args); err != nil {
		return err
	}
	if len(fs.Args()) > 0 {
		return usageError{i18n.T(lang, "cli.bad_usage", map[string]any{"Command": fs.Name()})}
	}
	if *code == "" {
		return usageError{i18n.T(lang, "office.cli.need_office")}
	}
	if *id <= 0 {
		return usageError{i18n.T(lang, "office.cli.need_conflict")}
	}
	if *keep != office.KeepHeld && *keep != office.KeepIncoming {
		return usageError{i18n.T(lang, "office.cli.need_keep")}
	}
	o, err := openOffice(ctx, e, lang, *data, *code)
	if err != nil {
		return err
	}
	defer o.Close()
	if err := o.ResolveConflict(ctx, *id, *keep); err != nil {
		return err
	}
	c, err := o.Conflict(ctx, *id)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.Stdout, i18n.T(lang, "office.cli.resolved."+*keep, map[string]any{"ID": c.ID, "What": c.What,
		"Cell": c.Cell, "Actor": c.ResolvedBy}))
	return nil
}
