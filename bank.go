// Package mockround holds the default question bank, embedded in the binary.
// It lives at the repository root because go:embed cannot reach upward.
package mockround

import _ "embed"

// DefaultBank is questions.json as shipped: the METR interview questions.
//
//go:embed questions.json
var DefaultBank []byte

// DefaultBankName names the embedded bank in messages and session files.
const DefaultBankName = "built-in questions.json"
