package cli

import (
	"context"
	"fmt"
	"os"

	"chibo/i18n"
	"chibo/sync/office"
)

func init() {
	moreCommands = append([]command{{"office identity", runOfficeIdentity}}, moreCommands...)
}

// runOfficeIdentity writes the office's age secret key to a new file (mode 0600), so that the
// stock `age -d -i FILE` can open a bundle's payload without this program. It refuses to
// overwrite a file, and never prints the key.
func runOfficeIdentity(ctx context.Context, e *Env, lang i18n.Lang, args []string) error {
	fs := newFlags(e, lang, "office identity")
	data := fs.String("data", "", "")
	code := fs.String("office", "", "")
	out := fs.String("out", "", "")
	if err := parse(fs, lang, args); err != nil {
		return err
	}
	if *out == "" {
		return usageError{i18n.T(lang, "cli.need_out")}
	}
	o, err := openOffice(ctx, e, lang, *data, *code)
	if err != nil {
		return err
	}
	defer o.Close()
	if err := writeSecretFile(*out, []byte(identityFile(o))); err != nil {
		return refusal{i18n.T(lang, "office.cli.identity_failed", map[string]any{"Path": *out, "Err": err.Error()})}
	}
	fmt.Fprintln(e.Stdout, i18n.T(lang, "office.cli.identity_written", map[string]any{"Path": *out}))
	return nil
}

func identityFile(o *office.Office) string {
	return fmt.Sprintf("# chibo office %s: age identity\n# public key: %s\n%s\n", o.Profile().Code, o.Recipient(), o.IdentityText())
}

// writeSecretFile creates path (never replacing one) with mode 0600 and flushes it.
func writeSecretFile(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return err
	}
	return nil
}
