// Package rules holds the pure rules of party-cell record keeping that need no database: the
// working-day calendar that deadlines are counted in, and the deadlines the watch list follows.
// Rules that change every few years are dated data here, not constants buried in code.
package rules
