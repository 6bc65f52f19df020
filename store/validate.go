package store

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// validateMember checks every field of m and returns one FieldError per refused field; the
// event rules (order of the admission dates, age at admission) are checked by derive.
func validateMember(m *Member) []FieldError {
	var fe []FieldError
	add := func(field, key string, args map[string]any) {
		fe = append(fe, FieldError{Field: field, Key: key, Args: args})
	}
	today := Today()

	switch {
	case m.FullName == "":
		add("full_name", "err.member.name_missing", nil)
	case utf8.RuneCountInString(m.FullName) > 120:
		add("full_name", "err.member.name_long", nil)
	case !nameLike(m.FullName):
		add("full_name", "err.member.name_chars", nil)
	}
	if m.Gender != "male" && m.Gender != "female" {
		add("gender", "err.member.gender", nil)
	}
	checkDate := func(field string, d Date, required bool) bool {
		switch {
		case d.IsZero():
			if required {
				add(field, "err.date.missing", nil)
			}
			return false
		case !d.Valid():
			add(field, "err.date.invalid", map[string]any{"Text": d.Raw()})
			return false
		case d.After(today):
			add(field, "err.date.future", map[string]any{"Date": d.DMY()})
			return false
		case d.Before(NewDate(1890, 1, 1)):
			add(field, "err.date.too_old", map[string]any{"Date": d.DMY()})
			return false
		}
		return true
	}
	birthOK := checkDate("birth_date", m.BirthDate, true)
	checkDate("decision_date", m.DecisionDate, false)
	checkDate("ceremony_date", m.CeremonyDate, false)
	checkDate("official_date", m.OfficialDate, false)
	if checkDate("youth_union_date", m.YouthUnionDate, false) && birthOK &&
		m.YouthUnionDate.Before(m.BirthDate.AddMonths(12*12)) {
		add("youth_union_date", "err.member.youth_union_age", nil)
	}
	if !m.OfficialDate.IsZero() && m.CeremonyDate.IsZero() {
		add("official_date", "err.member.official_without_ceremony", nil)
	}

	if m.Ethnicity == "" {
		add("ethnicity", "err.member.ethnicity_missing", nil)
	} else if _, ok := LookupEthnicity(m.Ethnicity); !ok {
		add("ethnicity", "err.member.ethnicity_unknown", map[string]any{"Text": m.Ethnicity})
	}
	if _, ok := LookupReligion(m.Religion); !ok {
		add("religion", "err.member.religion_unknown", map[string]any{"Text": m.Religion})
	}
	if _, ok := LookupEducation(m.Education); !ok {
		add("education", "err.member.code_unknown", map[string]any{"Text": m.Education})
	}
	if _, ok := LookupProfessional(m.ProfessionalLevel); !ok {
		add("professional_level", "err.member.code_unknown", map[string]any{"Text": m.ProfessionalLevel})
	}
	if _, ok := LookupTheory(m.TheoryLevel); !ok {
		add("theory_level", "err.member.code_unknown", map[string]any{"Text": m.TheoryLevel})
	}

	if m.CCCD != "" {
		if k, args := checkCCCD(m.CCCD, m.BirthDate, m.Gender); k != "" {
			add("cccd", k, args)
		}
	}
	if m.BadgeYears != 0 {
		ok := false
		for _, y := range BadgeYears {
			ok = ok || y == m.BadgeYears
		}
		switch {
		case !ok:
			add("badge_years", "err.member.badge_years", nil)
		case m.CeremonyDate.Valid() && today.Before(m.CeremonyDate.AddMonths(12*m.BadgeYears)):
			add("badge_years", "err.member.badge_too_soon", map[string]any{"Years": m.BadgeYears})
		}
	}
	for _, f := range []struct{ field, v string }{{"card_number", m.CardNumber}, {"file_number", m.FileNumber}} {
		if strings.ContainsFunc(f.v, unicode.IsControl) || utf8.RuneCountInString(f.v) > 40 {
			add(f.field, "err.member.number_chars", nil)
		}
	}
	return fe
}

// nameLike accepts letters, spaces and the few marks found in names ("H'Mông", "Ka-sô").
func nameLike(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) && r != ' ' && r != '\'' && r != '-' && r != '’' && r != '.' {
			return false
		}
	}
	return true
}

// checkCCCD checks a citizen identity number: 12 digits; the first three a province code; the
// fourth the century and gender (0/1 for men/women born 1900–1999, 2/3 for 2000–2099, 4/5
// for 2100–2199, and so on); the fifth and sixth the last two digits of the birth year.
// It returns a translation key, or "" when the number is sound.
func checkCCCD(cccd string, birth Date, gender string) (string, map[string]any) {
	if len(cccd) != 12 || strings.ContainsFunc(cccd, func(r rune) bool { return r < '0' || r > '9' }) {
		return "err.member.cccd_digits", map[string]any{"Text": cccd}
	}
	if !ProvinceCodeValid(cccd[:3]) {
		return "err.member.cccd_province", map[string]any{"Code": cccd[:3]}
	}
	if !birth.Valid() || (gender != "male" && gender != "female") {
		return "", nil
	}
	g := int(cccd[3] - '0')
	century := 1900 + (g/2)*100
	year := century + int(cccd[4]-'0')*10 + int(cccd[5]-'0')
	female := g%2 == 1
	if year != birth.Time().Year() {
		return "err.member.cccd_year", map[string]any{"Year": year}
	}
	if female != (gender == "female") {
		return "err.member.cccd_gender", nil
	}
	return "", nil
}
