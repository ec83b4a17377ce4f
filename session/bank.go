package session

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// BankFormat is the newest question bank format version this code understands.
const BankFormat = 1

// Bank is a parsed and validated question bank.
type Bank struct {
	Format int
	Title  string
	Notes  []string // preparation_notes
	Rounds []Round
	Source string // the name given to ParseBank (file path or "built-in questions.json")
	Hash   string // "sha256:" + hex of the raw bytes
}

// Round is one round of a bank, e.g. the technical questions.
type Round struct {
	ID, Title                    string
	Prep, Answer, Warn, Overtime *time.Duration // nil when the bank does not set them
	Categories                   []Category
}

// Category groups the questions of a round.
type Category struct {
	ID, Title string
	Questions []Question
}

// Question is one interview question.
type Question struct {
	ID, Text      string
	Prep, Answer  *time.Duration // nil when unset
	TalkingPoints []string
}

// Problem is one thing wrong with a bank: where (JSON path like
// rounds[1].categories[0].questions[2].id, plus 1-based line and column of the
// offending value or key in the file) and what. Columns count characters, not
// bytes. Line and Col are 0 when the problem has no place in a file (see
// Bank.Validate).
type Problem struct {
	Path      string
	Line, Col int
	Msg       string
}

// BankError lists every problem found in a bank file.
type BankError struct {
	File     string
	Problems []Problem

	omitted int // problems found but not kept in Problems
}

// bankMaxShown bounds the output of BankError.Error, so that garbage input
// gives a short answer.
const bankMaxShown = 50

// bankMaxCollected bounds the problems ParseBank keeps in BankError.Problems;
// beyond it they are only counted (see BankError.Total).
const bankMaxCollected = 10000

// Error returns one line per problem, "FILE:LINE:COL: PATH: MSG", sorted by
// position in the file, and a final "... and N more problems" line when some
// were left out. The path is omitted when empty, the position when unknown.
func (e *BankError) Error() string {
	probs := make([]Problem, len(e.Problems))
	copy(probs, e.Problems)
	sort.SliceStable(probs, func(i, j int) bool {
		if probs[i].Line != probs[j].Line {
			return probs[i].Line < probs[j].Line
		}
		return probs[i].Col < probs[j].Col
	})
	more := e.omitted
	if len(probs) > bankMaxShown {
		more += len(probs) - bankMaxShown
		probs = probs[:bankMaxShown]
	}
	var sb strings.Builder
	for i, p := range probs {
		if i > 0 {
			sb.WriteByte('\n')
		}
		sb.WriteString(e.File)
		if p.Line > 0 {
			fmt.Fprintf(&sb, ":%d:%d", p.Line, p.Col)
		}
		sb.WriteString(": ")
		if p.Path != "" {
			sb.WriteString(p.Path)
			sb.WriteString(": ")
		}
		sb.WriteString(p.Msg)
	}
	if more > 0 {
		if len(probs) > 0 {
			sb.WriteByte('\n')
		}
		noun := "problems"
		if more == 1 {
			noun = "problem"
		}
		fmt.Fprintf(&sb, "... and %d more %s", more, noun)
	}
	return sb.String()
}

// Total is the number of problems found, including any beyond those kept in
// Problems.
func (e *BankError) Total() int {
	return len(e.Problems) + e.omitted
}

// ParseBank parses and validates a question bank. name is used in messages
// and kept as Bank.Source. Any problem with the content gives a *BankError
// listing every problem found.
func ParseBank(name string, data []byte) (*Bank, error) {
	sum := sha256.Sum256(data)
	c := &bankChecker{data: data}
	b := c.parse()
	if len(c.probs) > 0 || c.omitted > 0 {
		return nil, c.bankError(name)
	}
	b.Source = name
	b.Hash = "sha256:" + hex.EncodeToString(sum[:])
	return b, nil
}

// FindRound finds a round by its id (exactly), else by its title (ignoring
// case), else by a prefix of its id that matches one round only.
func (b *Bank) FindRound(name string) (*Round, error) {
	want := strings.TrimSpace(name)
	for i := range b.Rounds {
		if b.Rounds[i].ID == want {
			return &b.Rounds[i], nil
		}
	}
	for i := range b.Rounds {
		if strings.EqualFold(b.Rounds[i].Title, want) {
			return &b.Rounds[i], nil
		}
	}
	var matches []int
	if want != "" {
		lower := strings.ToLower(want)
		for i := range b.Rounds {
			if strings.HasPrefix(b.Rounds[i].ID, lower) {
				matches = append(matches, i)
			}
		}
	}
	if len(matches) == 1 {
		return &b.Rounds[matches[0]], nil
	}
	ids := make([]string, len(b.Rounds))
	for i, r := range b.Rounds {
		ids[i] = r.ID
	}
	valid := "rounds in this bank: " + strings.Join(ids, ", ")
	if len(matches) > 1 {
		amb := make([]string, len(matches))
		for i, m := range matches {
			amb[i] = b.Rounds[m].ID
		}
		return nil, fmt.Errorf("round %q is ambiguous: it matches %s; %s", name, strings.Join(amb, ", "), valid)
	}
	return nil, fmt.Errorf("unknown round %q; %s", name, valid)
}

// Question finds a question by id, with the round and category holding it.
// All three are nil when no question has that id.
func (b *Bank) Question(id string) (*Question, *Round, *Category) {
	for i := range b.Rounds {
		r := &b.Rounds[i]
		for j := range r.Categories {
			c := &r.Categories[j]
			for k := range c.Questions {
				if c.Questions[k].ID == id {
					return &c.Questions[k], r, c
				}
			}
		}
	}
	return nil, nil, nil
}

// QuestionCount is the number of questions in the bank.
func (b *Bank) QuestionCount() int {
	n := 0
	for _, r := range b.Rounds {
		for _, c := range r.Categories {
			n += len(c.Questions)
		}
	}
	return n
}

// Validate checks the rules ParseBank enforces on a Bank held in memory (for
// banks built or changed in code). Its problems carry paths but no positions.
func (b *Bank) Validate() error {
	var probs []Problem
	add := func(path, msg string) { probs = append(probs, Problem{Path: path, Msg: msg}) }
	if b.Format != BankFormat && b.Format != 0 { // 0: unset in a bank built in code
		add("format", fmt.Sprintf("want %d, got %d", BankFormat, b.Format))
	}
	if strings.TrimSpace(b.Title) == "" {
		add("title", bankMsgEmpty)
	}
	for i, n := range b.Notes {
		if strings.TrimSpace(n) == "" {
			add(bankIndex("preparation_notes", i), bankMsgEmpty)
		}
	}
	if len(b.Rounds) == 0 {
		add("rounds", "must have at least one round")
	}
	roundIDs := map[string]string{}
	questionIDs := map[string]string{}
	for i, r := range b.Rounds {
		rp := bankIndex("rounds", i)
		bankCheckIDUnique(add, "round", r.ID, bankField(rp, "id"), roundIDs)
		if strings.TrimSpace(r.Title) == "" {
			add(bankField(rp, "title"), bankMsgEmpty)
		}
		for _, d := range []struct {
			name string
			v    *time.Duration
		}{{"prep", r.Prep}, {"answer", r.Answer}, {"warn", r.Warn}, {"overtime", r.Overtime}} {
			if d.v != nil {
				if msg := bankDurationRule(d.name, *d.v); msg != "" {
					add(bankField(rp, d.name), msg)
				}
			}
		}
		if len(r.Categories) == 0 {
			add(bankField(rp, "categories"), "must have at least one category")
		}
		categoryIDs := map[string]string{}
		for j, c := range r.Categories {
			cp := bankIndex(bankField(rp, "categories"), j)
			bankCheckIDUnique(add, "category", c.ID, bankField(cp, "id"), categoryIDs)
			if strings.TrimSpace(c.Title) == "" {
				add(bankField(cp, "title"), bankMsgEmpty)
			}
			if len(c.Questions) == 0 {
				add(bankField(cp, "questions"), "must have at least one question")
			}
			for k, q := range c.Questions {
				qp := bankIndex(bankField(cp, "questions"), k)
				bankCheckIDUnique(add, "question", q.ID, bankField(qp, "id"), questionIDs)
				if strings.TrimSpace(q.Text) == "" {
					add(bankField(qp, "text"), bankMsgEmpty)
				}
				if q.Prep != nil {
					if msg := bankDurationRule("prep", *q.Prep); msg != "" {
						add(bankField(qp, "prep"), msg)
					}
				}
				if q.Answer != nil {
					if msg := bankDurationRule("answer", *q.Answer); msg != "" {
						add(bankField(qp, "answer"), msg)
					}
				}
				for l, tp := range q.TalkingPoints {
					if strings.TrimSpace(tp) == "" {
						add(bankIndex(bankField(qp, "talking_points"), l), bankMsgEmpty)
					}
				}
			}
		}
	}
	if len(probs) == 0 {
		return nil
	}
	return &BankError{File: b.Source, Problems: probs}
}

func bankCheckIDUnique(add func(path, msg string), what, id, path string, seen map[string]string) {
	if msg := bankIDRule(id); msg != "" {
		add(path, msg)
		return
	}
	if first, ok := seen[id]; ok {
		add(path, fmt.Sprintf("duplicate %s id %q (first at %s)", what, id, first))
		return
	}
	seen[id] = path
}

// The rules shared by ParseBank and Validate.

const bankMsgEmpty = "must not be empty"

// bankMaxIDLen keeps ids short: they appear in commands and file names.
const bankMaxIDLen = 64

// bankIDRule says what is wrong with an id, or "" when it is fine.
func bankIDRule(id string) string {
	if id == "" {
		return bankMsgEmpty
	}
	if !isKebabID(id) {
		return fmt.Sprintf("must be kebab-case like \"eval-framework\" (lowercase letters, digits and '-', starting with a letter or digit), got %q", id)
	}
	if len(id) > bankMaxIDLen {
		return fmt.Sprintf("must be at most %d characters, got %d", bankMaxIDLen, len(id))
	}
	return ""
}

func isKebabID(s string) bool {
	if s == "" || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// bankDurationRule says what is wrong with a duration for the named field, or "".
// prep, warn and overtime may be zero; an answer needs some time.
func bankDurationRule(name string, d time.Duration) string {
	if d < 0 {
		return fmt.Sprintf("must not be negative, got %s", d)
	}
	if name == "answer" && d == 0 {
		return "must be greater than zero, got 0s"
	}
	return ""
}

func bankField(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

func bankIndex(parent string, i int) string {
	return parent + "[" + strconv.Itoa(i) + "]"
}

// Reading the file: first the bytes (encoding, syntax) with the standard
// scanner, then a walk of the now known-valid JSON into a tree of nodes that
// remember their byte offsets, then the schema check over that tree, which
// reports every problem instead of stopping at the first as json.Unmarshal does.

type bankKind uint8

const (
	bankNull bankKind = iota
	bankBool
	bankNumber
	bankString
	bankArray
	bankObject
)

func (k bankKind) String() string {
	return [...]string{"null", "boolean", "number", "string", "array", "object"}[k]
}

type bankNode struct {
	typ     bankKind
	off     int    // byte offset of the value's first byte
	str     string // string value, or number literal
	elems   []*bankNode
	members []bankMember
}

type bankMember struct {
	key string
	off int // byte offset of the key's opening quote
	val *bankNode
}

type bankProblem struct {
	off  int // byte offset in the file; the problem's line:col
	path string
	msg  string
	ref  int // when >= 0, msg ends with the line of this earlier offset
}

type bankChecker struct {
	data    []byte
	probs   []bankProblem
	omitted int
}

func (c *bankChecker) add(off int, path, msg string) {
	c.addRef(off, path, msg, -1)
}

func (c *bankChecker) addRef(off int, path, msg string, ref int) {
	if len(c.probs) >= bankMaxCollected {
		c.omitted++
		return
	}
	c.probs = append(c.probs, bankProblem{off: off, path: path, msg: msg, ref: ref})
}

var bankBOM = []byte{0xEF, 0xBB, 0xBF}

func (c *bankChecker) parse() *Bank {
	start := 0
	if bytes.HasPrefix(c.data, bankBOM) {
		c.add(0, "", "starts with a UTF-8 byte-order mark; save the file as UTF-8 without BOM")
		start = len(bankBOM)
	}
	body := c.data[start:]
	if !utf8.Valid(body) {
		bad := bankFirstInvalidUTF8(body)
		c.add(start+bad, "", fmt.Sprintf("invalid UTF-8 (byte 0x%02x); save the file as UTF-8", body[bad]))
		return nil
	}
	if len(bytes.TrimSpace(body)) == 0 {
		c.add(start, "", "empty file: want a JSON object with \"title\" and \"rounds\"")
		return nil
	}
	if !json.Valid(body) {
		c.syntaxError(start, body)
		return nil
	}
	w := bankWalker{data: body, base: start}
	root := w.value()
	return c.bank(root)
}

func bankFirstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return 0
}

// syntaxError reports where and why body is not JSON. json.Unmarshal checks
// the whole input before decoding, so its SyntaxError.Offset counts from the
// start of body (json.Decoder's offsets do not, inside values).
func (c *bankChecker) syntaxError(base int, body []byte) {
	var raw json.RawMessage
	err := json.Unmarshal(body, &raw)
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		c.add(base, "", "not valid JSON")
		return
	}
	off := int(se.Offset)
	msg := se.Error()
	// At the end of input the scanner reports "unexpected end of JSON input",
	// or feeds itself a space in the middle of a literal.
	atEOF := msg == "unexpected end of JSON input" ||
		off >= len(body) && strings.HasPrefix(msg, "invalid character ' '") && body[len(body)-1] != ' '
	if atEOF || off <= 0 || off > len(body) {
		end := len(bytes.TrimRight(body, " \t\r\n"))
		what := "(is a closing } or ] missing?)"
		if bankEndsInString(body) {
			what = "inside a string (is a closing \" missing?)"
		}
		c.add(base+end, "", "unexpected end of file "+what)
		return
	}
	off-- // Offset counts the bad byte itself
	if body[off] >= utf8.RuneSelf {
		// The scanner names the first byte of a multi-byte character; name the character.
		if rest, ok := strings.CutPrefix(msg, "invalid character '"); ok {
			if j := strings.Index(rest, "' "); j >= 0 {
				r, _ := utf8.DecodeRune(body[off:])
				msg = "invalid character " + strconv.QuoteRune(r) + rest[j+1:]
			}
		}
	}
	if strings.HasSuffix(msg, "after top-level value") {
		msg += " (extra data after the end of the JSON document)"
	}
	c.add(base+off, "", msg)
}

// bankEndsInString reports whether body ends inside an unterminated string.
func bankEndsInString(body []byte) bool {
	in := false
	for i := 0; i < len(body); i++ {
		switch {
		case !in && body[i] == '"':
			in = true
		case in && body[i] == '\\':
			i++
		case in && body[i] == '"':
			in = false
		}
	}
	return in
}

// bankWalker builds the node tree of JSON already checked by json.Valid, so it
// needs no error handling. Its nesting is bounded by the scanner's limit.
type bankWalker struct {
	data []byte
	i    int
	base int // offset of data within the file
}

func (w *bankWalker) skip() {
	for w.i < len(w.data) {
		switch w.data[w.i] {
		case ' ', '\t', '\r', '\n':
			w.i++
		default:
			return
		}
	}
}

func (w *bankWalker) value() *bankNode {
	w.skip()
	n := &bankNode{off: w.base + w.i}
	switch w.data[w.i] {
	case '{':
		n.typ = bankObject
		w.i++
		for {
			w.skip()
			if w.data[w.i] == '}' {
				w.i++
				return n
			}
			if w.data[w.i] == ',' {
				w.i++
				w.skip()
			}
			koff := w.base + w.i
			key := w.string()
			w.skip()
			w.i++ // ':'
			n.members = append(n.members, bankMember{key: key, off: koff, val: w.value()})
		}
	case '[':
		n.typ = bankArray
		w.i++
		for {
			w.skip()
			if w.data[w.i] == ']' {
				w.i++
				return n
			}
			if w.data[w.i] == ',' {
				w.i++
			}
			n.elems = append(n.elems, w.value())
		}
	case '"':
		n.typ = bankString
		n.str = w.string()
	case 't':
		n.typ = bankBool
		n.str = "true"
		w.i += 4
	case 'f':
		n.typ = bankBool
		n.str = "false"
		w.i += 5
	case 'n':
		n.typ = bankNull
		w.i += 4
	default:
		n.typ = bankNumber
		start := w.i
		for w.i < len(w.data) && strings.IndexByte("+-.0123456789eE", w.data[w.i]) >= 0 {
			w.i++
		}
		n.str = string(w.data[start:w.i])
	}
	return n
}

// string reads the string starting at the current quote.
func (w *bankWalker) string() string {
	start := w.i
	escaped := false
	w.i++
	for w.data[w.i] != '"' {
		if w.data[w.i] == '\\' {
			escaped = true
			w.i++
		}
		w.i++
	}
	w.i++
	raw := w.data[start:w.i]
	if !escaped {
		return string(raw[1 : len(raw)-1])
	}
	var s string
	_ = json.Unmarshal(raw, &s) // valid: checked by json.Valid
	return s
}

// Schema check.

var (
	bankTopKeys      = []string{"format", "title", "preparation_notes", "rounds"}
	bankRoundKeys    = []string{"id", "title", "prep", "answer", "warn", "overtime", "categories"}
	bankCategoryKeys = []string{"id", "title", "questions"}
	bankQuestionKeys = []string{"id", "text", "prep", "answer", "talking_points"}
)

// object checks that n is an object with only the known keys, once each, and
// returns its members by key (the first of duplicates). nil if n is not an object.
func (c *bankChecker) object(n *bankNode, path, want string, known []string) map[string]*bankMember {
	if n.typ != bankObject {
		c.add(n.off, path, fmt.Sprintf("want %s, got %s", want, n.typ))
		return nil
	}
	fields := make(map[string]*bankMember, len(n.members))
	for i := range n.members {
		m := &n.members[i]
		isKnown := false
		for _, k := range known {
			if k == m.key {
				isKnown = true
				break
			}
		}
		if !isKnown {
			c.add(m.off, bankField(path, m.key), fmt.Sprintf("unknown field %q (known: %s)", m.key, strings.Join(known, ", ")))
			continue
		}
		if first, ok := fields[m.key]; ok {
			c.addRef(m.off, bankField(path, m.key), fmt.Sprintf("duplicate key %q", m.key), first.off)
			continue
		}
		fields[m.key] = m
	}
	return fields
}

// text checks a required, non-empty string field and returns it trimmed.
func (c *bankChecker) text(obj *bankNode, fields map[string]*bankMember, path, key string) string {
	m := fields[key]
	p := bankField(path, key)
	if m == nil {
		c.add(obj.off, p, "missing required field")
		return ""
	}
	if m.val.typ != bankString {
		c.add(m.val.off, p, "want a string, got "+m.val.typ.String())
		return ""
	}
	s := strings.TrimSpace(m.val.str)
	if s == "" {
		c.add(m.val.off, p, bankMsgEmpty)
	}
	return s
}

// id checks a required id field and its uniqueness among seen (id -> path).
func (c *bankChecker) id(obj *bankNode, fields map[string]*bankMember, path, what string, seen map[string]string) string {
	m := fields["id"]
	p := bankField(path, "id")
	if m == nil {
		c.add(obj.off, p, "missing required field")
		return ""
	}
	if m.val.typ != bankString {
		c.add(m.val.off, p, "want a string, got "+m.val.typ.String())
		return ""
	}
	id := m.val.str
	if msg := bankIDRule(id); msg != "" {
		c.add(m.val.off, p, msg)
		return id
	}
	if first, ok := seen[id]; ok {
		c.add(m.val.off, p, fmt.Sprintf("duplicate %s id %q (first at %s)", what, id, first))
		return id
	}
	seen[id] = p
	return id
}

// duration checks an optional duration field; nil when absent or wrong.
func (c *bankChecker) duration(fields map[string]*bankMember, path, key string) *time.Duration {
	m := fields[key]
	if m == nil {
		return nil
	}
	p := bankField(path, key)
	if m.val.typ != bankString {
		c.add(m.val.off, p, `want a duration string like "90s", got `+m.val.typ.String())
		return nil
	}
	d, err := time.ParseDuration(strings.TrimSpace(m.val.str))
	if err != nil {
		c.add(m.val.off, p, fmt.Sprintf(`invalid duration %q: want a Go duration like "90s", "3m" or "1m30s"`, m.val.str))
		return nil
	}
	if msg := bankDurationRule(key, d); msg != "" {
		c.add(m.val.off, p, msg)
		return nil
	}
	return &d
}

// stringList checks an optional array of non-empty strings; nil when absent or empty.
func (c *bankChecker) stringList(fields map[string]*bankMember, path, key string) []string {
	m := fields[key]
	if m == nil {
		return nil
	}
	p := bankField(path, key)
	if m.val.typ != bankArray {
		c.add(m.val.off, p, "want an array of strings, got "+m.val.typ.String())
		return nil
	}
	var out []string
	for i, e := range m.val.elems {
		ep := bankIndex(p, i)
		if e.typ != bankString {
			c.add(e.off, ep, "want a string, got "+e.typ.String())
			continue
		}
		s := strings.TrimSpace(e.str)
		if s == "" {
			c.add(e.off, ep, bankMsgEmpty)
			continue
		}
		out = append(out, s)
	}
	return out
}

// array checks a required, non-empty array field and returns its elements.
func (c *bankChecker) array(obj *bankNode, fields map[string]*bankMember, path, key, what string) []*bankNode {
	m := fields[key]
	p := bankField(path, key)
	if m == nil {
		c.add(obj.off, p, "missing required field")
		return nil
	}
	if m.val.typ != bankArray {
		c.add(m.val.off, p, "want an array, got "+m.val.typ.String())
		return nil
	}
	if len(m.val.elems) == 0 {
		c.add(m.val.off, p, "must have at least one "+what)
	}
	return m.val.elems
}

func (c *bankChecker) bank(root *bankNode) *Bank {
	fields := c.object(root, "", "a JSON object at the top level", bankTopKeys)
	if fields == nil {
		return nil
	}
	b := &Bank{Format: BankFormat}
	if m := fields["format"]; m != nil {
		b.Format = c.format(m.val)
	}
	b.Title = c.text(root, fields, "", "title")
	b.Notes = c.stringList(fields, "", "preparation_notes")
	roundIDs := map[string]string{}
	questionIDs := map[string]string{}
	for i, rn := range c.array(root, fields, "", "rounds", "round") {
		rp := bankIndex("rounds", i)
		rf := c.object(rn, rp, "an object", bankRoundKeys)
		if rf == nil {
			continue
		}
		r := Round{
			ID:       c.id(rn, rf, rp, "round", roundIDs),
			Title:    c.text(rn, rf, rp, "title"),
			Prep:     c.duration(rf, rp, "prep"),
			Answer:   c.duration(rf, rp, "answer"),
			Warn:     c.duration(rf, rp, "warn"),
			Overtime: c.duration(rf, rp, "overtime"),
		}
		categoryIDs := map[string]string{}
		for j, cn := range c.array(rn, rf, rp, "categories", "category") {
			cp := bankIndex(bankField(rp, "categories"), j)
			cf := c.object(cn, cp, "an object", bankCategoryKeys)
			if cf == nil {
				continue
			}
			cat := Category{
				ID:    c.id(cn, cf, cp, "category", categoryIDs),
				Title: c.text(cn, cf, cp, "title"),
			}
			for k, qn := range c.array(cn, cf, cp, "questions", "question") {
				qp := bankIndex(bankField(cp, "questions"), k)
				qf := c.object(qn, qp, "an object", bankQuestionKeys)
				if qf == nil {
					continue
				}
				cat.Questions = append(cat.Questions, Question{
					ID:            c.id(qn, qf, qp, "question", questionIDs),
					Text:          c.text(qn, qf, qp, "text"),
					Prep:          c.duration(qf, qp, "prep"),
					Answer:        c.duration(qf, qp, "answer"),
					TalkingPoints: c.stringList(qf, qp, "talking_points"),
				})
			}
			r.Categories = append(r.Categories, cat)
		}
		b.Rounds = append(b.Rounds, r)
	}
	return b
}

func (c *bankChecker) format(n *bankNode) int {
	if n.typ != bankNumber {
		c.add(n.off, "format", "want a number, got "+n.typ.String())
		return 0
	}
	f, err := strconv.ParseFloat(n.str, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1e9 {
		c.add(n.off, "format", fmt.Sprintf("want %d, got %s", BankFormat, n.str))
		return 0
	}
	v := int(f)
	switch {
	case v > BankFormat:
		c.add(n.off, "format", fmt.Sprintf("version %d is newer than this mockround understands (%d)", v, BankFormat))
	case v < BankFormat:
		c.add(n.off, "format", fmt.Sprintf("unknown version %d: want %d", v, BankFormat))
	}
	return v
}

// bankError turns the collected problems into a *BankError: sorted by
// position, with byte offsets turned into line and column.
func (c *bankChecker) bankError(name string) *BankError {
	sort.SliceStable(c.probs, func(i, j int) bool { return c.probs[i].off < c.probs[j].off })
	probs := c.probs
	var newlines []int // offsets of '\n', for the lines of earlier offsets
	for _, p := range probs {
		if p.ref >= 0 {
			for i, b := range c.data {
				if b == '\n' {
					newlines = append(newlines, i)
				}
			}
			break
		}
	}
	// One sweep over the file finds every line:col: problems are sorted.
	out := make([]Problem, len(probs))
	line, col, i := 1, 1, 0
	if bytes.HasPrefix(c.data, bankBOM) {
		i = len(bankBOM) // an editor shows no column for it
	}
	for k, p := range probs {
		for i < p.off && i < len(c.data) {
			r, size := utf8.DecodeRune(c.data[i:])
			if r == '\n' {
				line++
				col = 1
			} else {
				col++
			}
			i += size
		}
		msg := p.msg
		if p.ref >= 0 {
			msg += fmt.Sprintf(" (first on line %d)", 1+sort.SearchInts(newlines, p.ref))
		}
		out[k] = Problem{Path: p.path, Line: line, Col: col, Msg: msg}
	}
	return &BankError{File: name, Problems: out, omitted: c.omitted}
}
