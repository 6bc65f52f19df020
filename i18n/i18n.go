// Package i18n turns message keys into sentences in the user's language, Vietnamese by
// default and English on request, from the translation files in assets.
package i18n

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"strings"
	"sync"
	"text/template"
	"unicode"
	"unicode/utf8"

	"chibo/assets"
	"chibo/store"
)

// Lang is a language the program speaks.
type Lang string

// The languages.
const (
	VI Lang = "vi"
	EN Lang = "en"
)

var (
	loadOnce sync.Once
	catalog  map[Lang]map[string]string
	tmplMu   sync.Mutex
	tmpls    = map[string]*template.Template{}
	current  = VI
	curMu    sync.RWMutex
)

func load() {
	catalog = map[Lang]map[string]string{VI: {}, EN: {}}
	entries, err := fs.ReadDir(assets.Translations, "translation")
	if err != nil {
		panic(fmt.Sprintf("i18n: %v", err)) // embedded at build time: cannot happen
	}
	for _, e := range entries {
		// Files are named AREA.LANG.json (core.vi.json, ui.en.json …), one pair per part of
		// the program, so that parts can grow their sentences side by side.
		parts := strings.Split(e.Name(), ".")
		if len(parts) != 3 || parts[2] != "json" {
			continue
		}
		l := Lang(parts[1])
		if _, ok := catalog[l]; !ok {
			continue
		}
		b, err := assets.Translations.ReadFile("translation/" + e.Name())
		if err != nil {
			panic(fmt.Sprintf("i18n: %v", err))
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			panic(fmt.Sprintf("i18n: translation/%s: %v", e.Name(), err))
		}
		for k, v := range m {
			if _, dup := catalog[l][k]; dup {
				panic(fmt.Sprintf("i18n: key %q is in two %s files", k, l))
			}
			catalog[l][k] = v
		}
	}
}

// Keys returns every key of a language's file (for tests).
func Keys(l Lang) map[string]string {
	loadOnce.Do(load)
	return catalog[l]
}

// FromLocale picks the language for a locale name such as "en_GB.UTF-8", "vi_VN" or "C":
// English for "en…", Vietnamese for anything else, including "C" and "POSIX".
func FromLocale(loc string) Lang {
	if strings.HasPrefix(strings.ToLower(loc), "en") {
		return EN
	}
	return VI
}

// FromEnv picks the language from the environment the way the command line does: LC_ALL,
// then LC_MESSAGES, then LANG; Vietnamese when none says English.
func FromEnv(getenv func(string) string) Lang {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(k); v != "" {
			return FromLocale(v)
		}
	}
	return VI
}

// SetCurrent sets the language that L uses.
func SetCurrent(l Lang) {
	curMu.Lock()
	defer curMu.Unlock()
	if l != EN {
		l = VI
	}
	current = l
}

// Current returns the language that L uses.
func Current() Lang {
	curMu.RLock()
	defer curMu.RUnlock()
	return current
}

// L returns the sentence for key in the current language.
func L(key string, args ...map[string]any) string {
	return T(Current(), key, args...)
}

// T returns the sentence for key in language l, with its placeholders filled from args. A
// missing key is logged and shown as itself, so a gap is visible rather than silent.
func T(l Lang, key string, args ...map[string]any) string {
	loadOnce.Do(load)
	s, ok := catalog[l][key]
	if !ok {
		if s, ok = catalog[VI][key]; !ok {
			log.Printf("i18n: no sentence for %q", key)
			return key
		}
	}
	if !strings.Contains(s, "{{") {
		return s
	}
	var data map[string]any
	if len(args) > 0 {
		data = args[0]
	}
	tmplMu.Lock()
	t, ok := tmpls[string(l)+"\x00"+key]
	if !ok {
		var err error
		t, err = template.New(key).Option("missingkey=zero").Parse(s)
		if err != nil {
			tmplMu.Unlock()
			log.Printf("i18n: %s/%s: %v", l, key, err)
			return s
		}
		tmpls[string(l)+"\x00"+key] = t
	}
	tmplMu.Unlock()
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
		log.Printf("i18n: %s/%s: %v", l, key, err)
		return s
	}
	return b.String()
}

// Error explains err in one sentence in language l. Errors the store knows get their own
// sentence; a *store.ValidationError gets the sentence of its first refused field, prefixed
// with the field's name and the record's; anything else gets a general sentence and is logged.
func Error(l Lang, err error) string {
	var ve *store.ValidationError
	if errors.As(err, &ve) && len(ve.Fields) > 0 {
		return ValidationLines(l, ve)[0]
	}
	if key, args, ok := store.MessageOf(err); ok {
		return T(l, key, enrich(l, args))
	}
	log.Printf("chibo: %v", err)
	return T(l, "err.unexpected")
}

// ValidationLines gives one sentence per refused field: "Số CCCD: …".
func ValidationLines(l Lang, ve *store.ValidationError) []string {
	var out []string
	for _, f := range ve.Fields {
		name := f.Field
		if strings.HasPrefix(name, "event.") {
			name = T(l, "event."+strings.TrimPrefix(name, "event."))
		} else {
			name = T(l, "field."+name)
		}
		s := name + ": " + T(l, f.Key, enrich(l, f.Args))
		if ve.Record != "" {
			s = T(l, "err.record", map[string]any{"Record": ve.Record}) + " " + s
		}
		out = append(out, s)
	}
	return out
}

// enrich adds the translated names of the codes an error carries: KindName for Kind (an
// event kind), StateName for State, GivenName and DerivedName for Given and Derived (states).
func enrich(l Lang, args map[string]any) map[string]any {
	if args == nil {
		return nil
	}
	out := make(map[string]any, len(args)+2)
	for k, v := range args {
		out[k] = v
	}
	if k, ok := args["Kind"].(string); ok {
		out["KindName"] = T(l, "event."+k)
	}
	for _, k := range []string{"State", "Given", "Derived"} {
		if s, ok := args[k].(string); ok {
			out[k+"Name"] = T(l, "state."+s)
		}
	}
	return out
}

// FieldSentence is the sentence of one refused field, without the field's name: what the
// window shows under the field itself.
func FieldSentence(l Lang, f store.FieldError) string {
	s := T(l, f.Key, enrich(l, f.Args))
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
