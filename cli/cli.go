// Package cli runs the program's subcommands: the same jobs as the window, without one, for
// the office's scripts and for tests. Exit status 0 means success, 1 a refusal (bad input,
// wrong passphrase, failed check), 2 wrong usage; a refusal prints one line on stderr in the
// user's language.
package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"golang.org/x/term"

	"chibo/i18n"
	"chibo/store"
)

// Env is what a command sees of the world; tests fill it in.
type Env struct {
	Args   []string // without the program name
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	// KDF, when set, replaces the key-derivation settings of new cells (tests only).
	KDF *store.KDFParams
}

// usageError is wrong usage: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// refusal is an error already explained in the user's language: exit status 1.
type refusal struct{ msg string }

func (e refusal) Error() string { return e.msg }

type command struct {
	name string
	run  func(ctx context.Context, e *Env, lang i18n.Lang, args []string) error
}

// moreCommands are registered by the files of other jobs (init functions), so that each keeps
// its commands beside their code.
var moreCommands []command

func commands() []command {
	return append([]command{
		{"demo", runDemo},
		{"cell create", runCellCreate},
		{"cell list", runCellList},
		{"roster list", runRosterList},
		{"roster add", runRosterAdd},
		{"watch", runWatch},
		{"minutes list", runMinutesList},
		{"minutes print", runMinutesPrint},
		{"compliance", runCompliance},
		{"check", runCheck},
		{"backup", runBackup},
		{"restore", runRestore},
	}, moreCommands...)
}

// IsCommand reports whether args start with a subcommand (main opens the window otherwise).
func IsCommand(args []string) bool {
	if len(args) == 0 {
		return false
	}
	switch args[0] {
	case "-h", "--help", "help":
		return true
	}
	for _, c := range commands() {
		if strings.HasPrefix(c.name, args[0]) {
			return true
		}
	}
	return false
}

// Run runs the subcommand named by e.Args and returns the exit status.
func Run(ctx context.Context, e *Env) int {
	lang := i18n.FromEnv(e.Getenv)
	i18n.SetCurrent(lang)
	args := e.Args
	for _, c := range commands() {
		words := strings.Fields(c.name)
		if len(args) >= len(words) && strings.Join(args[:len(words)], " ") == c.name {
			err := c.run(ctx, e, lang, args[len(words):])
			return report(e, lang, err)
		}
	}
	fmt.Fprintln(e.Stderr, i18n.T(lang, "cli.usage"))
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		return 0
	}
	return 2
}

func report(e *Env, lang i18n.Lang, err error) int {
	if err == nil {
		return 0
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintln(e.Stderr, ue.msg)
		return 2
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	var r refusal
	if errors.As(err, &r) {
		fmt.Fprintln(e.Stderr, r.msg)
		return 1
	}
	fmt.Fprintln(e.Stderr, i18n.Error(lang, err))
	return 1
}

// flags makes a flag set whose errors are usage errors in the user's language.
func newFlags(e *Env, lang i18n.Lang, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("chibo "+name, flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	return fs
}

func parse(fs *flag.FlagSet, lang i18n.Lang, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{i18n.T(lang, "cli.bad_usage", map[string]any{"Command": fs.Name()})}
	}
	return nil
}

// cellFlagSet makes the flag set of a command on one cell, with the two flags they all take:
// --data DIR and --cell CODE.
func cellFlagSet(e *Env, lang i18n.Lang, name string) (fs *flag.FlagSet, data, code *string) {
	fs = newFlags(e, lang, name)
	return fs, fs.String("data", "", ""), fs.String("cell", "", "")
}

// unlock opens the cell named by --cell in the folder named by --data (or its defaults).
func unlock(ctx context.Context, e *Env, lang i18n.Lang, data, code string) (*store.Cell, error) {
	return openCell(ctx, e, lang, dataDir(e, data), code)
}

// dataDir returns --data, or CHIBO_DATA, or the OS's per-user data folder.
func dataDir(e *Env, flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	if v := e.Getenv("CHIBO_DATA"); v != "" {
		return v
	}
	return DefaultDataDir()
}

// DefaultDataDir is the OS's per-user data folder for the program: %LOCALAPPDATA%\chibo on
// Windows, ~/Library/Application Support/chibo on macOS, $XDG_DATA_HOME/chibo or
// ~/.local/share/chibo elsewhere.
func DefaultDataDir() string {
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, "chibo")
		}
	case "darwin":
		if d, err := os.UserConfigDir(); err == nil {
			return filepath.Join(d, "chibo")
		}
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "chibo")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "chibo-data"
	}
	return filepath.Join(home, ".local", "share", "chibo")
}

// passphrase takes the passphrase from CHIBO_PASSPHRASE, or asks on the terminal (twice when
// confirm is set), or reads one line from standard input when that is not a terminal.
func passphrase(e *Env, lang i18n.Lang, prompt string, confirm bool) (string, error) {
	if p, ok := lookupEnv(e, "CHIBO_PASSPHRASE"); ok {
		return p, nil
	}
	if f, ok := e.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(e.Stderr, prompt+" ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.Stderr)
		if err != nil {
			return "", err
		}
		if confirm {
			fmt.Fprint(e.Stderr, i18n.T(lang, "cli.passphrase_again")+" ")
			b2, err := term.ReadPassword(int(f.Fd()))
			fmt.Fprintln(e.Stderr)
			if err != nil {
				return "", err
			}
			if string(b) != string(b2) {
				return "", refusal{i18n.T(lang, "err.passphrase_mismatch")}
			}
		}
		return string(b), nil
	}
	line, err := bufio.NewReader(e.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", refusal{i18n.T(lang, "err.passphrase_none")}
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func lookupEnv(e *Env, k string) (string, bool) {
	v := e.Getenv(k)
	return v, v != ""
}

// openCell unlocks the cell named by --cell.
func openCell(ctx context.Context, e *Env, lang i18n.Lang, dir, code string) (*store.Cell, error) {
	if code == "" {
		return nil, usageError{i18n.T(lang, "cli.need_cell")}
	}
	if !fileExistsCell(dir, code) {
		return nil, refusal{i18n.T(lang, "err.no_such_cell_code", map[string]any{"Code": store.NormalizeCode(code)})}
	}
	pass, err := passphrase(e, lang, i18n.T(lang, "cli.passphrase_prompt", map[string]any{"Code": store.NormalizeCode(code)}), false)
	if err != nil {
		return nil, err
	}
	c, err := store.OpenCell(ctx, dir, code, pass)
	if err != nil {
		return nil, err
	}
	if u := e.Getenv("CHIBO_USER"); u != "" {
		c.SetActor(u)
	}
	return c, nil
}

func fileExistsCell(dir, code string) bool {
	_, err := os.Stat(store.CellPath(dir, code))
	return err == nil
}

func createOptions(e *Env) []store.Option {
	if e.KDF != nil {
		return []store.Option{store.WithKDF(*e.KDF)}
	}
	return nil
}
