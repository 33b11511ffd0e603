// Package sarif is the subset of SARIF 2.1.0 that djharden writes and
// GitHub code scanning reads: one vocabulary for the checklist's report and
// the live-site probe's.
package sarif

import (
	"encoding/json"
	"io"
)

// Schema and Version name the format in every log.
const (
	Schema  = "https://json.schemastore.org/sarif-2.1.0.json"
	Version = "2.1.0"
)

// Log is a whole SARIF file.
type Log struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []Run  `json:"runs"`
}

// Run is one tool's run.
type Run struct {
	Tool               Tool                   `json:"tool"`
	OriginalURIBaseIDs map[string]ArtifactLoc `json:"originalUriBaseIds,omitempty"`
	Results            []Result               `json:"results"`
	Properties         map[string]any         `json:"properties,omitempty"`
}

// Tool wraps the driver.
type Tool struct {
	Driver Driver `json:"driver"`
}

// Driver names the tool and its rules.
type Driver struct {
	Name           string `json:"name"`
	InformationURI string `json:"informationUri"`
	Version        string `json:"version,omitempty"`
	Rules          []Rule `json:"rules"`
}

// Text is a message, optionally with a Markdown form.
type Text struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

// Rule describes one rule results refer to by index.
type Rule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name,omitempty"`
	ShortDescription     Text           `json:"shortDescription"`
	FullDescription      Text           `json:"fullDescription"`
	Help                 Text           `json:"help"`
	HelpURI              string         `json:"helpUri,omitempty"`
	DefaultConfiguration map[string]any `json:"defaultConfiguration,omitempty"`
	Properties           map[string]any `json:"properties,omitempty"`
}

// Result is one problem found.
type Result struct {
	RuleID       string         `json:"ruleId"`
	RuleIndex    int            `json:"ruleIndex"`
	Level        string         `json:"level"`
	Message      Text           `json:"message"`
	Locations    []Location     `json:"locations"`
	Suppressions []Suppression  `json:"suppressions,omitempty"`
	Properties   map[string]any `json:"properties,omitempty"`
}

// Location is where a result is.
type Location struct {
	PhysicalLocation Physical `json:"physicalLocation"`
}

// Physical is a file (or URL) and a region in it.
type Physical struct {
	ArtifactLocation ArtifactLoc `json:"artifactLocation"`
	Region           *Region     `json:"region,omitempty"`
}

// ArtifactLoc is a URI, optionally relative to a named base.
type ArtifactLoc struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

// Region is a line (and column) with the source shown.
type Region struct {
	StartLine   int   `json:"startLine"`
	StartColumn int   `json:"startColumn,omitempty"`
	Snippet     *Text `json:"snippet,omitempty"`
}

// Suppression records why a result does not count (a decision).
type Suppression struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification,omitempty"`
}

// Write encodes log as indented JSON, with HTML characters left as they are.
func Write(w io.Writer, log *Log) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}
