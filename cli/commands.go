package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"chibo/demo"
	"chibo/i18n"
	"chibo/rules"
	"chibo/store"
)

func runCellCreate(ctx context.Context, e *Env, lang i18n.Lang, args []string) error {
	fs := newFlags(e, lang, "cell create")
	data := fs.String("data", "", "")
	var p store.Profile
	fs.StringVar(&p.Code, "cell", "", "")
	fs.StringVar(&p.Name, "name", "", "")
	fs.StringVar(&p.OfficeName, "office", "", "")
	fs.StringVar(&p.OfficeLevel, "office-level", store.LevelCommune, "")
	fs.StringVar(&p.Place, "place", "", "")
	fs.StringVar(&p.Secretary, "secretary", "", "")
	if err := parse(fs, lang, args); err != nil {
		return err
	}
	if p.Code == "" {
		return usageError{i18n.T(lang, "cli.need_cell")}
	}
	if err := p.Validate(); err != nil {
		return err
	}
	dir := dataDir(e, *data)
	if fileExistsCell(dir, p.Code) {
		return store.ErrCellExists
	}
	pass, err := passphrase(e, lang, i18n.T(lang, "cli.passphrase_new", map[string]any{"Code": p.Code}), true)
	if err != nil {
		return err
	}
	c, err := store.CreateCell(ctx, dir, p, pass, createOptions(e)...)
	if err != nil {
		return err
	}
	defer c.Close()
	fmt.Fprintln(e.Stdout, i18n.T(lang, "cli.cell_created", map[string]any{"Code": c.Profile().Code, "Name": c.Profile().Name, "Path": c.Path()}))
	return nil
}

func runCellList(ctx context.Context, e *Env, lang i18n.Lang, args []string) error {
	fs := newFlags(e, lang, "cell list")
	data := fs.String("data", "", "")
	asJSON := fs.Bool("json", false, "")
	if err := parse(fs, lang, args); err != nil {
		return err
	}
	cells, err := store.ListCells(ctx, dataDir(e, *data))
	if err != nil {
		return err
	}
	if *asJSON {
		ps := []store.Profile{}
		for _, c := range cells {
			ps = append(ps, c.Profile)
		}
		return writeJSON(e.Stdout, ps)
	}
	tw := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
	for _, c := range cells {
		status := ""
		if c.Problem != nil {
			status = i18n.Error(lang, c.Problem)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.Code, c.Name, c.OfficeName, status)
	}
	return tw.Flush()
}

func runDemo(ctx context.Context, e *Env, lang i18n.Lang, args []string) error {
	fs, data, code := cellFlagSet(e, lang, "demo")
	if err := parse(fs, lang, args); err != nil {
		return err
	}
	if *code == "" {
		return usageError{i18n.T(lang, "cli.need_cell")}
	}
	dir := dataDir(e, *data)
	if fileExistsCell(dir, *code) {
		return store.ErrCellExists
	}
	pass, err := passphrase(e, lang, i18n.T(lang, "cli.passphrase_new", map[string]any{"Code": store.NormalizeCode(*code)}), true)
	if err != nil {
		return err
	}
	c, err := demo.Create(ctx, dir, *code, pass, store.Today(), createOptions(e)...)
	if err != nil {
		return err
	}
	defer c.Close()
	r, err := c.Roster(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.Stdout, i18n.T(lang, "cli.demo_created", map[string]any{
		"Code": c.Profile().Code, "Name": c.Profile().Name, "Count": len(r.Entries), "Path": c.Path()}))
	return nil
}

// memberJSON is a member as roster list --json prints it: the Member keys with every key
// present, so scripts need not guess.
type memberJSON struct {
	store.Member
	Flags []string `json:"flags"`
}

func runRosterList(ctx context.Context, e *Env, lang i18n.Lang, args []string) error {
	fs, data, code := cellFlagSet(e, lang, "roster list")
	search := fs.String("search", "", "")
	current := fs.Bool("current", false, "")
	asJSON := fs.Bool("json", false, "")
	if err := parse(fs, lang, args); err != nil {
		return err
	}
	c, err := unlock(ctx, e, lang, *data, *code)
	if err != nil {
		return err
	}
	defer c.Close()
	all, err := c.ListMembers(ctx)
	if err != nil {
		return err
	}
	var ms []store.Member
	for i := range all {
		if *current && !store.Current(all[i].State, all[i].Flags) {
			continue
		}
		if store.MatchesMember(&all[i], *search) {
			ms = append(ms, all[i])
		}
	}
	if *asJSON {
		out := []memberJSON{}
		for _, m := range ms {
			f := m.Flags
			if f == nil {
				f = []string{}
			}
			out = append(out, memberJSON{Member: m, Flags: f})
		}
		return writeJSON(e.Stdout, out)
	}
	tw := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, i18n.T(lang, "cli.roster_header"))
	for i, m := range ms {
		state := i18n.T(lang, "state."+m.State)
		for _, f := range m.Flags {
			state += ", " + i18n.T(lang, "flag."+f)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", i+1, m.FullName, i18n.T(lang, "gender."+m.Gender),
			m.BirthDate.DMY(), m.Ethnicity, state, m.CeremonyDate.DMY(), m.OfficialDate.DMY(), m.CardNumber)
	}
	return tw.Flush()
}

func runRosterAdd(ctx context.Context, e *Env, lang i18n.Lang, args []string) error {
	fs, data, code := cellFlagSet(e, lang, "roster add")
	file := fs.String("json", "", "")
	if err := parse(fs, lang, args); err != nil {
		return err
	}
	if *file == "" {
		return usageError{i18n.T(lang, "cli.need_json")}
	}
	var b []byte
	var err error
	if *file == "-" {
		b, err = io.ReadAll(e.Stdin)
	} else {
		b, err = os.ReadFile(*file)
	}
	if err != nil {
		return refusal{i18n.T(lang, "err.read_file", map[string]any{"Path": *file})}
	}
	ms, err := decodeMembers(b)
	if err != nil {
		return refusal{i18n.T(lang, "err.json", map[string]any{"Detail": err.Error()})}
	}
	c, err := unlock(ctx, e, lang, *data, *code)
	if err != nil {
		return err
	}
	defer c.Close()
	added, err := c.AddMembers(ctx, ms)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.Stdout, i18n.T(lang, "cli.members_added", map[string]any{"Count": len(added)}))
	return nil
}

// decodeMembers reads one member object or an array of them, refusing unknown keys.
func decodeMembers(b []byte) ([]store.Member, error) {
	b = bytes.TrimSpace(b)
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var ms []store.Member
	if len(b) > 0 && b[0] == '[' {
		if err := dec.Decode(&ms); err != nil {
			return nil, err
		}
	} else {
		var m store.Member
		if err := dec.Decode(&m); err != nil {
			return nil, err
		}
		ms = []store.Member{m}
	}
	if dec.More() {
		return nil, errors.New("extra data after the JSON value")
	}
	if len(ms) == 0 {
		return nil, errors.New("no member in the file")
	}
	return ms, nil
}

func runWatch(ctx context.Context, e *Env, lang i18n.Lang, args []string) error {
	fs, data, code := cellFlagSet(e, lang, "watch")
	asJSON := fs.Bool("json", false, "")
	if err := parse(fs, lang, args); err != nil {
		return err
	}
	c, err := unlock(ctx, e, lang, *data, *code)
	if err != nil {
		return err
	}
	defer c.Close()
	items, err := rules.WatchList(ctx, c, store.Today())
	if err != nil {
		return err
	}
	if *asJSON {
		if items == nil {
			items = []rules.WatchItem{}
		}
		return writeJSON(e.Stdout, items)
	}
	for _, it := range items {
		fmt.Fprintf(e.Stdout, "[%s] %s: %s\n", i18n.T(lang, "severity."+it.Severity), it.MemberName, rules.Describe(lang, it))
	}
	return nil
}

func runBackup(ctx context.Context, e *Env, lang i18n.Lang, args []string) error {
	fs, data, code := cellFlagSet(e, lang, "backup")
	out := fs.String("out", "", "")
	if err := parse(fs, lang, args); err != nil {
		return err
	}
	if *out == "" {
		return usageError{i18n.T(lang, "cli.need_out")}
	}
	c, err := unlock(ctx, e, lang, *data, *code)
	if err != nil {
		return err
	}
	defer c.Close()
	path, err := c.BackupTo(ctx, *out)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.Stdout, i18n.T(lang, "cli.backup_written", map[string]any{"Path": path}))
	return nil
}

func runRestore(ctx context.Context, e *Env, lang i18n.Lang, args []string) error {
	fs, data, code := cellFlagSet(e, lang, "restore")
	if err := parse(fs, lang, args); err != nil {
		return err
	}
	if *code == "" || fs.NArg() != 1 {
		return usageError{i18n.T(lang, "cli.bad_usage", map[string]any{"Command": "chibo restore --cell CODE FILE"})}
	}
	pass, err := passphrase(e, lang, i18n.T(lang, "cli.passphrase_prompt", map[string]any{"Code": store.NormalizeCode(*code)}), false)
	if err != nil {
		return err
	}
	res, err := store.RestoreBackup(ctx, dataDir(e, *data), *code, fs.Arg(0), pass)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.Stdout, i18n.T(lang, "cli.restored", map[string]any{"Code": store.NormalizeCode(*code)}))
	if res.Exchanged {
		fmt.Fprintln(e.Stdout, i18n.T(lang, "sync.cli.restored_read_receipt", map[string]any{"Code": store.NormalizeCode(*code)}))
	}
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
