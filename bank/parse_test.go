package bank

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// seedTexts are the 24 questions of the seed list, in order.
var seedTexts = []string{
	"How would you design an evaluation framework for AI agent capabilities?",
	"What metrics would you use to assess AI system autonomy?",
	"Describe challenges in creating reproducible AI evaluations",
	"How do you approach building robust testing infrastructure?",
	"Describe your experience with containerization and sandboxing",
	"What's your approach to handling flaky tests in CI/CD?",
	"How would you safely evaluate potentially dangerous AI capabilities?",
	"What security measures would you implement for AI evaluation environments?",
	"Describe potential attack vectors in an AI evaluation platform",
	"Design a system for running untrusted AI agent code safely",
	"How would you scale an evaluation platform to handle many concurrent tests?",
	"What's your approach to versioning in evaluation frameworks?",
	"How would you structure data storage for evaluation results?",
	"Describe your approach to monitoring and observability",
	"What's your experience with distributed systems?",
	"How do you prioritize features in a rapidly evolving field?",
	"Describe a time you had to balance technical debt with new features",
	"How do you communicate technical constraints to stakeholders?",
	"What's your experience with code review practices?",
	"How do you onboard new team members to complex systems?",
	"Describe your ideal development workflow",
	"Walk through debugging a particularly challenging issue",
	"How do you approach learning new technical domains quickly?",
	"What's your strategy for dealing with ambiguous requirements?",
}

var seedNotes = []string{
	"Review METR's mission and current evaluation approaches",
	"Prepare to discuss specific implementation details",
	"Think about scalability and security trade-offs",
	"Have examples ready of building developer tools or platforms",
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func mustParseBank(t testing.TB, name string, data []byte) *Bank {
	t.Helper()
	b, err := Parse(name, data)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return b
}

// mustFailBank parses data, wants a *Error and returns it.
func mustFailBank(t testing.TB, data []byte) *Error {
	t.Helper()
	b, err := Parse("bank.json", data)
	if err == nil {
		t.Fatalf("Parse succeeded, want an error; bank: %+v", b)
	}
	if b != nil {
		t.Errorf("Parse returned a bank with its error")
	}
	var be *Error
	if !errors.As(err, &be) {
		t.Fatalf("error is %T, want *Error: %v", err, err)
	}
	if len(be.Problems) == 0 {
		t.Fatalf("Error with no problems: %q", err)
	}
	return be
}

func dur(s string) *time.Duration {
	d, err := time.ParseDuration(s)
	if err != nil {
		panic(err)
	}
	return &d
}

func TestDefaultBank(t *testing.T) {
	data := readFile(t, "../questions.json")
	b := mustParseBank(t, "built-in questions.json", data)

	if b.Format != 1 {
		t.Errorf("Format = %d, want 1", b.Format)
	}
	if want := "METR Interview Questions - Round 1"; b.Title != want {
		t.Errorf("Title = %q, want %q", b.Title, want)
	}
	if !reflect.DeepEqual(b.Notes, seedNotes) {
		t.Errorf("Notes = %q, want %q", b.Notes, seedNotes)
	}
	if b.Source != "built-in questions.json" {
		t.Errorf("Source = %q", b.Source)
	}
	sum := sha256.Sum256(data)
	if want := "sha256:" + hex.EncodeToString(sum[:]); b.Hash != want {
		t.Errorf("Hash = %q, want %q", b.Hash, want)
	}

	wantRounds := []struct {
		id, title                    string
		prep, answer, warn, overtime string
		categories                   []string
	}{
		{"technical", "Technical Questions", "30s", "3m", "30s", "30s",
			[]string{"Evaluation & Measurement", "Software Engineering", "Security & Safety"}},
		{"system-design", "System Design", "1m", "8m", "30s", "30s",
			[]string{"Architecture", "Data & Infrastructure"}},
		{"behavioral", "Behavioral Questions", "30s", "2m", "30s", "30s",
			[]string{"Project Management", "Team Collaboration", "Problem Solving"}},
	}
	if len(b.Rounds) != len(wantRounds) {
		t.Fatalf("%d rounds, want %d", len(b.Rounds), len(wantRounds))
	}
	var texts []string
	ids := map[string]bool{}
	categories := 0
	for i, want := range wantRounds {
		r := b.Rounds[i]
		if r.ID != want.id || r.Title != want.title {
			t.Errorf("round %d = %q %q, want %q %q", i, r.ID, r.Title, want.id, want.title)
		}
		for _, d := range []struct {
			name string
			got  *time.Duration
			want string
		}{{"prep", r.Prep, want.prep}, {"answer", r.Answer, want.answer}, {"warn", r.Warn, want.warn}, {"overtime", r.Overtime, want.overtime}} {
			if d.got == nil || *d.got != *dur(d.want) {
				t.Errorf("round %s %s = %v, want %s", r.ID, d.name, d.got, d.want)
			}
		}
		if len(r.Categories) != len(want.categories) {
			t.Errorf("round %s has %d categories, want %d", r.ID, len(r.Categories), len(want.categories))
			continue
		}
		for j, c := range r.Categories {
			categories++
			if c.Title != want.categories[j] {
				t.Errorf("round %s category %d title = %q, want %q", r.ID, j, c.Title, want.categories[j])
			}
			if len(c.Questions) != 3 {
				t.Errorf("category %s has %d questions, want 3", c.ID, len(c.Questions))
			}
			for _, q := range c.Questions {
				texts = append(texts, q.Text)
				if ids[q.ID] {
					t.Errorf("question id %q used twice", q.ID)
				}
				ids[q.ID] = true
				if q.Prep != nil || q.Answer != nil || q.TalkingPoints != nil {
					t.Errorf("question %s carries its own times or talking points", q.ID)
				}
			}
		}
	}
	if categories != 8 {
		t.Errorf("%d categories, want 8", categories)
	}
	if got := b.QuestionCount(); got != 24 {
		t.Errorf("QuestionCount() = %d, want 24", got)
	}
	if !reflect.DeepEqual(texts, seedTexts) {
		for i := range max(len(texts), len(seedTexts)) {
			var got, want string
			if i < len(texts) {
				got = texts[i]
			}
			if i < len(seedTexts) {
				want = seedTexts[i]
			}
			if got != want {
				t.Errorf("question %d text = %q, want %q", i+1, got, want)
			}
		}
	}
}

func TestParseBankFull(t *testing.T) {
	b := mustParseBank(t, "full.json", readFile(t, "testdata/full.json"))
	want := &Bank{
		Format: 1,
		Title:  "Every field",
		Notes:  []string{"Sleep well", "Drink water"},
		Rounds: []Round{{
			ID: "coding", Title: "Coding",
			Prep: dur("0s"), Answer: dur("90s"), Warn: dur("0s"), Overtime: dur("0s"),
			Categories: []Category{{
				ID: "strings", Title: `Strings & "quotes"`,
				Questions: []Question{
					{ID: "reverse", Text: "Reverse a string in place. Ünïcödé?", Prep: dur("10s"), Answer: dur("2m"),
						TalkingPoints: []string{"runes vs bytes", "combining marks"}},
					{ID: "palindrome", Text: "Is it a palindrome?"},
				},
			}},
		}},
		Source: "full.json",
		Hash:   b.Hash,
	}
	if !reflect.DeepEqual(b, want) {
		t.Errorf("got  %+v\nwant %+v", b, want)
	}

	m := mustParseBank(t, "minimal.json", readFile(t, "testdata/minimal.json"))
	if m.Format != 1 || m.Notes != nil {
		t.Errorf("minimal bank: Format %d, Notes %q; want the defaults 1 and nil", m.Format, m.Notes)
	}
	r := m.Rounds[0]
	if r.Prep != nil || r.Answer != nil || r.Warn != nil || r.Overtime != nil {
		t.Errorf("unset round times are not nil: %+v", r)
	}
}

func TestParseBankReportsEveryProblem(t *testing.T) {
	be := mustFailBank(t, readFile(t, "testdata/three-problems.json"))
	want := []Problem{
		{"rounds[0].categories[0].questions[1].text", 13, 37, "must not be empty"},
		{"rounds[1].categories[0].questions[0].txt", 26, 29, `unknown field "txt" (known: id, text, prep, answer, talking_points, follow_ups)`},
		{"rounds[1].categories[0].questions[1].id", 27, 20, `duplicate question id "kv-store" (first at rounds[0].categories[0].questions[0].id)`},
	}
	if !reflect.DeepEqual(be.Problems, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", (&Error{File: "bank.json", Problems: be.Problems}).Error(),
			(&Error{File: "bank.json", Problems: want}).Error())
	}
	wantErr := `bank.json:13:37: rounds[0].categories[0].questions[1].text: must not be empty
bank.json:26:29: rounds[1].categories[0].questions[0].txt: unknown field "txt" (known: id, text, prep, answer, talking_points, follow_ups)
bank.json:27:20: rounds[1].categories[0].questions[1].id: duplicate question id "kv-store" (first at rounds[0].categories[0].questions[0].id)`
	if got := be.Error(); got != wantErr {
		t.Errorf("Error() =\n%s\nwant\n%s", got, wantErr)
	}
}

func TestParseBankWrongTypes(t *testing.T) {
	be := mustFailBank(t, readFile(t, "testdata/wrong-types.json"))
	want := []Problem{
		{"format", 2, 13, "want a number, got string"},
		{"title", 3, 12, "want a string, got number"},
		{"preparation_notes", 4, 24, "want an array of strings, got string"},
		{"rounds[0]", 6, 5, "want an object, got string"},
		{"rounds[1].id", 7, 12, `must be kebab-case like "eval-framework"`},
		{"rounds[1].title", 7, 31, "must not be empty"},
		{"rounds[1].prep", 7, 43, `want a duration string like "90s", got number`},
		{"rounds[1].answer", 7, 57, "must be greater than zero, got 0s"},
		{"rounds[1].warn", 7, 71, "must not be negative, got -1s"},
		{"rounds[1].overtime", 7, 90, `invalid duration "soon"`},
		{"rounds[1].categories", 7, 112, "want an array, got object"},
		{"rounds[2].categories[0].questions", 8, 87, "must have at least one question"},
		{"title", 10, 3, `duplicate key "title" (first on line 3)`},
	}
	checkBankProblems(t, be, want)
}

// checkBankProblems compares problems by path, position and message fragment.
func checkBankProblems(t *testing.T, be *Error, want []Problem) {
	t.Helper()
	ok := len(be.Problems) == len(want)
	for i := 0; ok && i < len(want); i++ {
		g, w := be.Problems[i], want[i]
		ok = g.Path == w.Path && g.Line == w.Line && g.Col == w.Col && strings.Contains(g.Msg, w.Msg)
	}
	if !ok {
		var sb strings.Builder
		for _, w := range want {
			fmt.Fprintf(&sb, "\nbank.json:%d:%d: %s: ...%s...", w.Line, w.Col, w.Path, w.Msg)
		}
		t.Errorf("got:\n%s\nwant:%s", be.Error(), sb.String())
	}
}

// Banks of one question, one round or a given top level, for one rule each.
// In oneQuestion and oneRound the text under test starts line 2, column 1.
func oneQuestion(q string) string {
	return `{"title": "T", "rounds": [{"id": "r", "title": "R", "categories": [{"id": "c", "title": "C", "questions": [` +
		"\n" + q + "\n]}]}]}"
}

// withTop puts fields at the start of line 1 (column 2) of a bank whose rounds are fine.
func withTop(fields string) string {
	return "{" + fields + "\n\"rounds\": [" + validRound + "]}"
}

// withRound is a bank of one round with the given head (id, title, ...) and fine categories.
func withRound(head string) string {
	return `{"title": "T", "rounds": [{` + head + ` "categories": ` + validCategories + `}]}`
}

const (
	validCategories = `[{"id": "c", "title": "C", "questions": [{"id": "q", "text": "Q"}]}]`
	validRound      = `{"id": "r", "title": "R", "categories": ` + validCategories + `}`
)

func oneRound(fields string) string {
	return `{"title": "T", "rounds": [{"id": "r", "title": "R",` + "\n" + fields + "\n" +
		`"categories": [{"id": "c", "title": "C", "questions": [{"id": "q", "text": "Q"}]}]}]}`
}

func TestParseBankRules(t *testing.T) {
	const q = `{"id": "q", "text": "Q"}`
	tests := []struct {
		name      string
		in        string
		path      string
		line, col int
		msg       string
	}{
		// syntax and encoding
		{"missing comma", `{"title": "T" "rounds": []}`, "", 1, 15, `invalid character '"' after object key:value pair`},
		{"trailing comma", "{\n  \"title\": \"T\",\n  \"rounds\": [\n    {\"id\": \"r\",}\n  ]\n}", "", 4, 16,
			"invalid character '}' looking for beginning of object key string"},
		{"bad literal", "{\"title\": \"T\",\n\"rounds\": tru}", "", 2, 14, "invalid character '}' in literal true"},
		{"bad escape", `{"title": "a\qb"}`, "", 1, 14, "invalid character 'q' in string escape code"},
		{"non-ASCII character", `{"title": é}`, "", 1, 11, "invalid character 'é' looking for beginning of value"},
		{"extra data", `{} {}`, "", 1, 4, "after top-level value"},
		{"extra brace", "{\"title\": \"T\"}\n}", "", 2, 1, "invalid character '}' after top-level value"},
		{"unexpected end", "{\n  \"title\": \"T\",\n", "", 2, 16, "unexpected end of file (is a closing } or ] missing?)"},
		{"end inside literal", `{"title": nul`, "", 1, 14, "unexpected end of file (is a closing } or ] missing?)"},
		{"end inside string", `{"title": "T`, "", 1, 13, `unexpected end of file inside a string (is a closing " missing?)`},
		{"empty file", "", "", 1, 1, "empty file"},
		{"blank file", " \n\t\n", "", 1, 1, "empty file"},
		{"byte-order mark", "\xef\xbb\xbf" + oneQuestion(q), "", 1, 1,
			"starts with a UTF-8 byte-order mark; save the file as UTF-8 without BOM"},
		{"invalid UTF-8", "{\"title\": \"caf\xe9\"}", "", 1, 15, "invalid UTF-8 (byte 0xe9)"},
		{"invalid UTF-8 after multi-byte characters", "{\"title\":\n\"é€\xff\"}", "", 2, 4, "invalid UTF-8 (byte 0xff)"},
		{"too deep", strings.Repeat("[", 20000), "", 1, 10001, "exceeded max depth"},
		{"not an object", `["rounds"]`, "", 1, 1, "want a JSON object at the top level, got array"},

		// top level
		{"format newer", withTop(`"format": 2, "title": "T",`), "format", 1, 12,
			"version 2 is newer than this mockround understands (1)"},
		{"format zero", withTop(`"format": 0, "title": "T",`), "format", 1, 12, "unknown version 0: want 1"},
		{"format fraction", withTop(`"format": 1.5, "title": "T",`), "format", 1, 12, "want 1, got 1.5"},
		{"format string", withTop(`"format": "1", "title": "T",`), "format", 1, 12, "want a number, got string"},
		{"missing title", withTop(""), "title", 1, 1, "missing required field"},
		{"empty title", withTop(`"title": " ",`), "title", 1, 11, "must not be empty"},
		{"missing rounds", `{"title": "T"}`, "rounds", 1, 1, "missing required field"},
		{"empty rounds", `{"title": "T", "rounds": []}`, "rounds", 1, 26, "must have at least one round"},
		{"rounds not an array", `{"title": "T", "rounds": {}}`, "rounds", 1, 26, "want an array, got object"},
		{"unknown top-level field", withTop(`"title": "T", "Title": "U",`), "Title", 1, 16,
			`unknown field "Title" (known: format, title, preparation_notes, rounds)`},
		{"duplicate key", withTop(`"title": "T", "title": "U",`), "title", 1, 16, `duplicate key "title" (first on line 1)`},
		{"notes not strings", withTop(`"title": "T", "preparation_notes": ["a", 2],`), "preparation_notes[1]", 1, 43, "want a string, got number"},
		{"empty note", withTop(`"title": "T", "preparation_notes": [""],`), "preparation_notes[0]", 1, 38, "must not be empty"},

		// rounds
		{"round not an object", `{"title": "T", "rounds": [null]}`, "rounds[0]", 1, 27, "want an object, got null"},
		{"round unknown field", oneRound(`"answr": "3m",`), "rounds[0].answr", 2, 1,
			`unknown field "answr" (known: id, title, prep, answer, min, warn, overtime, follow_up_answer, categories)`},
		{"round prep number", oneRound(`"prep": 30,`), "rounds[0].prep", 2, 9, `want a duration string like "90s", got number`},
		{"round prep negative", oneRound(`"prep": "-30s",`), "rounds[0].prep", 2, 9, "must not be negative, got -30s"},
		{"round answer zero", oneRound(`"answer": "0s",`), "rounds[0].answer", 2, 11, "must be greater than zero, got 0s"},
		{"round answer negative", oneRound(`"answer": "-1m",`), "rounds[0].answer", 2, 11, "must not be negative, got -1m0s"},
		{"round answer unparsable", oneRound(`"answer": "3 minutes",`), "rounds[0].answer", 2, 11,
			`invalid duration "3 minutes": want a Go duration like "90s", "3m" or "1m30s"`},
		{"round warn negative", oneRound(`"warn": "-1s",`), "rounds[0].warn", 2, 9, "must not be negative, got -1s"},
		{"round overtime negative", oneRound(`"overtime": "-5s",`), "rounds[0].overtime", 2, 13, "must not be negative, got -5s"},
		{"round overtime boolean", oneRound(`"overtime": true,`), "rounds[0].overtime", 2, 13, `want a duration string like "90s", got boolean`},
		{"round duplicate key", oneRound(`"id": "s",`), "rounds[0].id", 2, 1, `duplicate key "id" (first on line 1)`},
		{"round id not kebab-case", withRound(`"id": "Tech_1", "title": "R",`), "rounds[0].id", 1, 34,
			`must be kebab-case like "eval-framework" (lowercase letters, digits and '-', starting with a letter or digit), got "Tech_1"`},
		{"round id leading dash", withRound(`"id": "-r", "title": "R",`), "rounds[0].id", 1, 34, "must be kebab-case"},
		{"round id too long", withRound(`"id": "` + strings.Repeat("a", 65) + `", "title": "R",`), "rounds[0].id", 1, 34,
			"must be at most 64 characters, got 65"},
		{"round id missing", withRound(`"title": "R",`), "rounds[0].id", 1, 27, "missing required field"},
		{"round id number", withRound(`"id": 1, "title": "R",`), "rounds[0].id", 1, 34, "want a string, got number"},
		{"round title missing", withRound(`"id": "r",`), "rounds[0].title", 1, 27, "missing required field"},
		{"duplicate round id",
			"{\"title\": \"T\", \"rounds\": [\n" +
				`{"id": "r", "title": "R", "categories": [{"id": "c", "title": "C", "questions": [{"id": "q", "text": "Q"}]}]},` + "\n" +
				`{"id": "r", "title": "S", "categories": [{"id": "c", "title": "C", "questions": [{"id": "p", "text": "P"}]}]}` + "\n]}",
			"rounds[1].id", 3, 8, `duplicate round id "r" (first at rounds[0].id)`},
		{"categories missing", `{"title": "T", "rounds": [{"id": "r", "title": "R"}]}`, "rounds[0].categories", 1, 27, "missing required field"},
		{"categories empty", `{"title": "T", "rounds": [{"id": "r", "title": "R", "categories": []}]}`, "rounds[0].categories", 1, 67,
			"must have at least one category"},
		{"categories object", `{"title": "T", "rounds": [{"id": "r", "title": "R", "categories": {}}]}`, "rounds[0].categories", 1, 67,
			"want an array, got object"},

		// categories
		{"category not an object", `{"title": "T", "rounds": [{"id": "r", "title": "R", "categories": ["c"]}]}`,
			"rounds[0].categories[0]", 1, 68, "want an object, got string"},
		{"category unknown field", `{"title": "T", "rounds": [{"id": "r", "title": "R", "categories": [{"name": "c", "id": "c", "title": "C", "questions": [` + q + `]}]}]}`,
			"rounds[0].categories[0].name", 1, 69, `unknown field "name" (known: id, title, questions)`},
		{"duplicate category id", `{"title": "T", "rounds": [{"id": "r", "title": "R", "categories": [` + "\n" +
			`{"id": "c", "title": "C", "questions": [{"id": "q", "text": "Q"}]},` + "\n" +
			`{"id": "c", "title": "D", "questions": [{"id": "p", "text": "P"}]}]}]}`,
			"rounds[0].categories[1].id", 3, 8, `duplicate category id "c" (first at rounds[0].categories[0].id)`},
		{"category title empty", `{"title": "T", "rounds": [{"id": "r", "title": "R", "categories": [{"id": "c", "title": "", "questions": [` + q + `]}]}]}`,
			"rounds[0].categories[0].title", 1, 89, "must not be empty"},
		{"questions empty", `{"title": "T", "rounds": [{"id": "r", "title": "R", "categories": [{"id": "c", "title": "C", "questions": []}]}]}`,
			"rounds[0].categories[0].questions", 1, 107, "must have at least one question"},
		{"questions missing", `{"title": "T", "rounds": [{"id": "r", "title": "R", "categories": [{"id": "c", "title": "C"}]}]}`,
			"rounds[0].categories[0].questions", 1, 68, "missing required field"},

		// questions
		{"question not an object", oneQuestion(`"Why?"`), "rounds[0].categories[0].questions[0]", 2, 1, "want an object, got string"},
		{"question unknown field", oneQuestion(`{"id": "q", "txt": "Q", "text": "Q"}`), "rounds[0].categories[0].questions[0].txt", 2, 13,
			`unknown field "txt" (known: id, text, prep, answer, talking_points, follow_ups)`},
		{"question text missing", oneQuestion(`{"id": "q"}`), "rounds[0].categories[0].questions[0].text", 2, 1, "missing required field"},
		{"question text empty", oneQuestion(`{"id": "q", "text": ""}`), "rounds[0].categories[0].questions[0].text", 2, 21, "must not be empty"},
		{"question text blank", oneQuestion(`{"id": "q", "text": " \t\n "}`), "rounds[0].categories[0].questions[0].text", 2, 21, "must not be empty"},
		{"question text number", oneQuestion(`{"id": "q", "text": 42}`), "rounds[0].categories[0].questions[0].text", 2, 21, "want a string, got number"},
		{"question id missing", oneQuestion(`{"text": "Q"}`), "rounds[0].categories[0].questions[0].id", 2, 1, "missing required field"},
		{"question id empty", oneQuestion(`{"id": "", "text": "Q"}`), "rounds[0].categories[0].questions[0].id", 2, 8, "must not be empty"},
		{"question id spaces", oneQuestion(`{"id": "kv store", "text": "Q"}`), "rounds[0].categories[0].questions[0].id", 2, 8,
			`got "kv store"`},
		{"duplicate question id", oneQuestion(q + ",\n" + q), "rounds[0].categories[0].questions[1].id", 3, 8,
			`duplicate question id "q" (first at rounds[0].categories[0].questions[0].id)`},
		{"question prep negative", oneQuestion(`{"id": "q", "text": "Q", "prep": "-1s"}`), "rounds[0].categories[0].questions[0].prep", 2, 34,
			"must not be negative"},
		{"question answer zero", oneQuestion(`{"id": "q", "text": "Q", "answer": "0"}`), "rounds[0].categories[0].questions[0].answer", 2, 36,
			"must be greater than zero"},
		{"question answer unparsable", oneQuestion(`{"id": "q", "text": "Q", "answer": "2 min"}`), "rounds[0].categories[0].questions[0].answer", 2, 36,
			`invalid duration "2 min"`},
		{"talking points not an array", oneQuestion(`{"id": "q", "text": "Q", "talking_points": "x"}`),
			"rounds[0].categories[0].questions[0].talking_points", 2, 44, "want an array of strings, got string"},
		{"talking point empty", oneQuestion(`{"id": "q", "text": "Q", "talking_points": ["a", " "]}`),
			"rounds[0].categories[0].questions[0].talking_points[1]", 2, 50, "must not be empty"},
		{"talking point object", oneQuestion(`{"id": "q", "text": "Q", "talking_points": [{}]}`),
			"rounds[0].categories[0].questions[0].talking_points[0]", 2, 45, "want a string, got object"},
		{"question duplicate key", oneQuestion(`{"id": "q", "text": "Q",` + "\n" + `"text": "R"}`),
			"rounds[0].categories[0].questions[0].text", 3, 1, `duplicate key "text" (first on line 2)`},
		{"round prep an hour", oneRound(`"prep": "1h",`), "rounds[0].prep", 2, 9, "1h0m0s is longer than the 30m0s a bank may set"},
		{"round prep just too long", oneRound(`"prep": "30m1s",`), "rounds[0].prep", 2, 9, "longer than the 30m0s"},
		{"round answer a day", oneRound(`"answer": "24h",`), "rounds[0].answer", 2, 11, "longer than the 1h0m0s"},
		{"round overtime an hour", oneRound(`"overtime": "1h",`), "rounds[0].overtime", 2, 13, "longer than the 30m0s"},
		{"question answer two hours", oneQuestion(`{"id": "q", "text": "Q", "answer": "2h"}`), "rounds[0].categories[0].questions[0].answer", 2, 36,
			"longer than the 1h0m0s"},
		{"warn as long as the answer", oneRound(`"answer": "1m", "warn": "1m",`), "rounds[0].warn", 2, 25,
			"the warning at 1m0s left must be shorter than the answer time 1m0s (0s: no warning)"},
		{"warn longer than a question's answer", `{"title": "T", "rounds": [{"id": "r", "title": "R", "warn": "40s", ` +
			`"categories": [{"id": "c", "title": "C", "questions": [` + "\n" + `{"id": "q", "text": "Q", "answer": "30s"}` + "\n]}]}]}",
			"rounds[0].categories[0].questions[0].answer", 2, 36, "the warning at 40s left must be shorter than the answer time 30s"},
		{"minimum as long as the answer", oneRound(`"answer": "1m", "min": "1m",`), "rounds[0].min", 2, 24,
			"the minimum answer 1m0s must be shorter than the answer time 1m0s"},
		{"minimum negative", oneRound(`"min": "-1s",`), "rounds[0].min", 2, 8, "must not be negative"},
		{"follow-up answer zero", oneRound(`"follow_up_answer": "0s",`), "rounds[0].follow_up_answer", 2, 21, "must be greater than zero"},
		{"follow-up answer an hour", oneRound(`"follow_up_answer": "1h",`), "rounds[0].follow_up_answer", 2, 21, "longer than the 30m0s"},
		{"follow-ups not an array", oneQuestion(`{"id": "q", "text": "Q", "follow_ups": "why?"}`),
			"rounds[0].categories[0].questions[0].follow_ups", 2, 40, "want an array of strings, got string"},
		{"follow-up empty", oneQuestion(`{"id": "q", "text": "Q", "follow_ups": ["why?", ""]}`),
			"rounds[0].categories[0].questions[0].follow_ups[1]", 2, 49, "must not be empty"},
		{"follow-up twice", oneQuestion(`{"id": "q", "text": "Q", "follow_ups": ["Why  that?", "Other", " why THAT? "]}`),
			"rounds[0].categories[0].questions[0].follow_ups[2]", 2, 64,
			`duplicate follow-up "why THAT?" (first at rounds[0].categories[0].questions[0].follow_ups[0]); remove one of them`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			be := mustFailBank(t, []byte(tt.in))
			p := be.Problems[0]
			if len(be.Problems) != 1 || p.Path != tt.path || p.Line != tt.line || p.Col != tt.col || !strings.Contains(p.Msg, tt.msg) {
				t.Errorf("got:\n%s\nwant one problem: bank.json:%d:%d: %s: ...%s...", be.Error(), tt.line, tt.col, tt.path, tt.msg)
			}
		})
	}
}

func TestParseBankAccepts(t *testing.T) {
	tests := []struct {
		name string
		in   string
		test func(*Bank) bool
	}{
		{"zero prep, warn and overtime", oneRound(`"prep": "0s", "warn": "0s", "overtime": "0s",`), func(b *Bank) bool {
			r := b.Rounds[0]
			return *r.Prep == 0 && *r.Warn == 0 && *r.Overtime == 0
		}},
		{"duration with spaces", oneRound(`"answer": " 1m30s ",`), func(b *Bank) bool { return *b.Rounds[0].Answer == 90*time.Second }},
		{"same category id in two rounds", "{\"title\": \"T\", \"rounds\": [\n" +
			`{"id": "r", "title": "R", "categories": [{"id": "c", "title": "C", "questions": [{"id": "q", "text": "Q"}]}]},` + "\n" +
			`{"id": "s", "title": "S", "categories": [{"id": "c", "title": "C", "questions": [{"id": "p", "text": "P"}]}]}` + "\n]}",
			func(b *Bank) bool { return len(b.Rounds) == 2 }},
		{"text trimmed", oneQuestion(`{"id": "q", "text": "  Why?\n"}`), func(b *Bank) bool { return b.Rounds[0].Categories[0].Questions[0].Text == "Why?" }},
		{"escapes decoded", oneQuestion(`{"id": "q", "text": "a\"b\\c\u00e9\/\ud83d\ude00"}`), func(b *Bank) bool {
			return b.Rounds[0].Categories[0].Questions[0].Text == "a\"b\\cé/😀"
		}},
		{"format given as 1.0", `{"format": 1.0, "title": "T", "rounds": [{"id": "r", "title": "R", "categories": [{"id": "c", "title": "C", "questions": [{"id": "q", "text": "Q"}]}]}]}`,
			func(b *Bank) bool { return b.Format == 1 }},
		{"CRLF line ends", strings.ReplaceAll(oneQuestion(`{"id": "q", "text": "Q"}`), "\n", "\r\n"), func(b *Bank) bool { return b.QuestionCount() == 1 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := mustParseBank(t, "bank.json", []byte(tt.in))
			if !tt.test(b) {
				t.Errorf("unexpected bank: %+v", b)
			}
		})
	}
}

func TestParseBankPositions(t *testing.T) {
	// A BOM takes no column; CRLF ends lines; tabs and multi-byte characters are one column each.
	tests := []struct {
		name      string
		in        string
		line, col int
	}{
		{"after BOM", "\xef\xbb\xbf{\"title\": 5}", 1, 11},
		{"CRLF", "{\r\n\"title\": 5}", 2, 10},
		{"tab", "{\n\t\"title\": 5}", 2, 11},
		{"multi-byte", "{\"preparation_notes\": [\"ééé\", 1]}", 1, 31},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			be := mustFailBank(t, []byte(tt.in))
			found := false
			for _, p := range be.Problems {
				if strings.Contains(p.Msg, "got number") {
					found = true
					if p.Line != tt.line || p.Col != tt.col {
						t.Errorf("at %d:%d, want %d:%d", p.Line, p.Col, tt.line, tt.col)
					}
				}
			}
			if !found {
				t.Errorf("no type problem in %s", be)
			}
		})
	}
	// The BOM problem and the others are all reported.
	be := mustFailBank(t, readFile(t, "testdata/bom.json"))
	if len(be.Problems) != 1 || be.Problems[0].Line != 1 || be.Problems[0].Col != 1 {
		t.Errorf("bom.json: %v", be)
	}
	be = mustFailBank(t, []byte("\xef\xbb\xbf{\"title\": 5}"))
	if len(be.Problems) != 3 { // BOM, title type, missing rounds
		t.Errorf("BOM bank with two more problems:\n%v", be)
	}
}

func TestParseBankGarbage(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 2<<20)
	for i := range random {
		random[i] = byte(rng.UintN(256))
	}
	ascii := make([]byte, 2<<20)
	for i := range ascii {
		ascii[i] = byte(' ' + rng.UintN(95))
	}
	// A valid document with 100 000 problems: unknown fields in every question.
	var sb strings.Builder
	sb.WriteString(`{"title": "T", "rounds": [{"id": "r", "title": "R", "categories": [{"id": "c", "title": "C", "questions": [`)
	for i := range 100000 {
		if i > 0 {
			sb.WriteString(",\n")
		}
		sb.WriteString(`{"id": "q` + strconv.Itoa(i%1000) + `", "text": "Q", "x": 1}`)
	}
	sb.WriteString("]}]}]}")
	many := []byte(sb.String())
	// 100 000 duplicate keys on as many lines, each reporting the line of the first.
	manyKeys := []byte(withTop(`"title": "T",` + strings.Repeat("\n\"title\": \"T\",", 100000)))

	tests := []struct {
		name  string
		in    []byte
		total int
		more  string
	}{
		{"random bytes", random, 1, ""},
		{"random ASCII", ascii, 1, ""},
		{"deep nesting", []byte(strings.Repeat(`{"a":[`, 1<<18)), 1, ""},
		// 100 000 unknown fields and 99 000 duplicate ids, 50 shown
		{"many problems", many, 199000, "... and 198950 more problems"},
		{"many duplicate keys", manyKeys, 100000, "... and 99950 more problems"}, // the first: 2:1: title: duplicate key "title" (first on line 1)
		{"truncated file", readFile(t, "testdata/truncated.json"), 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			be := mustFailBank(t, tt.in)
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %v", d)
			}
			msg := be.Error()
			if len(be.Problems) > maxCollected || strings.Count(msg, "\n") > maxShown || len(msg) > 20000 {
				t.Errorf("%d problems, %d lines and %d bytes of message", len(be.Problems), strings.Count(msg, "\n")+1, len(msg))
			}
			if be.Total() != tt.total {
				t.Errorf("Total() = %d, want %d", be.Total(), tt.total)
			}
			for _, p := range be.Problems {
				if p.Line < 1 || p.Col < 1 {
					t.Errorf("problem without a position: %+v", p)
				}
			}
			if tt.name == "many duplicate keys" && !strings.HasPrefix(msg, `bank.json:2:1: title: duplicate key "title" (first on line 1)`+"\n") {
				t.Errorf("message starts %q", msg[:min(len(msg), 100)])
			}
			if tt.more != "" && !strings.HasSuffix(msg, "\n"+tt.more) {
				t.Errorf("message does not end with %q:\n...%s", tt.more, msg[max(0, len(msg)-300):])
			}
		})
	}
}

func TestBankErrorError(t *testing.T) {
	e := &Error{File: "b.json", Problems: []Problem{
		{Path: "rounds", Line: 9, Col: 2, Msg: "second"},
		{Line: 1, Col: 1, Msg: "first, no path"},
		{Path: "title", Msg: "no position"},
	}}
	want := "b.json: title: no position\nb.json:1:1: first, no path\nb.json:9:2: rounds: second"
	if got := e.Error(); got != want {
		t.Errorf("Error() =\n%s\nwant\n%s", got, want)
	}
	probs := make([]Problem, 52)
	for i := range probs {
		probs[i] = Problem{Line: i + 1, Col: 1, Msg: "m"}
	}
	got := (&Error{File: "b.json", Problems: probs}).Error()
	if lines := strings.Split(got, "\n"); len(lines) != 51 || lines[50] != "... and 2 more problems" {
		t.Errorf("capped Error() ends %q (%d lines)", lines[len(lines)-1], len(lines))
	}
}

func TestFindRound(t *testing.T) {
	b := mustParseBank(t, "questions.json", readFile(t, "../questions.json"))
	b.Rounds = append(b.Rounds, Round{ID: "security", Title: "Security"})
	tests := []struct {
		name    string
		want    string // round id, or "" for an error
		errPart string
	}{
		{"technical", "technical", ""},
		{"system-design", "system-design", ""},
		{"System Design", "system-design", ""},
		{"behavioral questions", "behavioral", ""},
		{"BEHAVIORAL QUESTIONS", "behavioral", ""},
		{"tech", "technical", ""},
		{"Tech", "technical", ""},
		{"b", "behavioral", ""},
		{"sy", "system-design", ""},
		{" technical ", "technical", ""},
		{"s", "", `round "s" is ambiguous: it matches system-design, security; rounds in this bank: technical, system-design, behavioral, security`},
		{"coding", "", `unknown round "coding"; rounds in this bank: technical, system-design, behavioral, security`},
		{"", "", "unknown round"},
		{"technicals", "", "unknown round"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := b.FindRound(tt.name)
			if tt.want != "" {
				if err != nil || r == nil || r.ID != tt.want {
					t.Fatalf("FindRound(%q) = %v, %v; want round %s", tt.name, r, err, tt.want)
				}
				if r != &b.Rounds[roundIndex(b, tt.want)] {
					t.Errorf("FindRound returned a copy, not the bank's round")
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.errPart) {
				t.Fatalf("FindRound(%q) = %v, %v; want error containing %q", tt.name, r, err, tt.errPart)
			}
			if r != nil {
				t.Errorf("round returned with error")
			}
		})
	}
}

func roundIndex(b *Bank, id string) int {
	for i, r := range b.Rounds {
		if r.ID == id {
			return i
		}
	}
	return -1
}

func TestQuestionLookup(t *testing.T) {
	b := mustParseBank(t, "questions.json", readFile(t, "../questions.json"))
	tests := []struct {
		id, round, category, text string
	}{
		{"eval-framework", "technical", "evaluation-measurement", seedTexts[0]},
		{"flaky-tests", "technical", "software-engineering", seedTexts[5]},
		{"untrusted-agent-code", "system-design", "architecture", seedTexts[9]},
		{"ambiguous-requirements", "behavioral", "problem-solving", seedTexts[23]},
		{"no-such-question", "", "", ""},
		{"", "", "", ""},
	}
	for _, tt := range tests {
		q, r, c := b.Question(tt.id)
		if tt.round == "" {
			if q != nil || r != nil || c != nil {
				t.Errorf("Question(%q) = %v, %v, %v; want nils", tt.id, q, r, c)
			}
			continue
		}
		if q == nil || r == nil || c == nil {
			t.Fatalf("Question(%q): not found", tt.id)
		}
		if q.Text != tt.text || r.ID != tt.round || c.ID != tt.category {
			t.Errorf("Question(%q) = %q in %s/%s", tt.id, q.Text, r.ID, c.ID)
		}
	}
	if got := (&Bank{}).QuestionCount(); got != 0 {
		t.Errorf("empty bank QuestionCount() = %d", got)
	}
}

func TestTestdataBanks(t *testing.T) {
	// Every file under testdata/bank either parses or fails with positioned problems; the fuzzer starts from them.
	files, err := filepath.Glob("testdata/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata banks: %v", err)
	}
	for _, f := range files {
		_, err := Parse(f, readFile(t, f))
		valid := strings.HasSuffix(f, "minimal.json") || strings.HasSuffix(f, "full.json")
		if (err == nil) != valid {
			t.Errorf("%s: err = %v, want valid = %v", f, err, valid)
		}
	}
}

// TestDefaultBankFollowUps: every built-in question has two follow-ups of
// its own, and each round a follow-up answer time of a minute.
func TestDefaultBankFollowUps(t *testing.T) {
	b := mustParseBank(t, "built-in questions.json", readFile(t, "../questions.json"))
	seen := map[string]string{}
	for _, r := range b.Rounds {
		if r.FollowUpAnswer == nil || *r.FollowUpAnswer != time.Minute {
			t.Errorf("round %s: follow_up_answer %v, want 1m", r.ID, r.FollowUpAnswer)
		}
		for _, c := range r.Categories {
			for _, q := range c.Questions {
				if len(q.FollowUps) != 2 {
					t.Errorf("%s: %d follow-ups, want 2", q.ID, len(q.FollowUps))
				}
				for _, f := range q.FollowUps {
					if prev, dup := seen[f]; dup {
						t.Errorf("%s and %s share the follow-up %q", prev, q.ID, f)
					}
					seen[f] = q.ID
					if !strings.HasSuffix(f, "?") && !strings.HasSuffix(f, ".") {
						t.Errorf("%s: follow-up %q does not end a sentence", q.ID, f)
					}
				}
			}
		}
	}
}
