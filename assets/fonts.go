package assets

import _ "embed" // for the //go:embed fonts below

// The fonts documents print with: Liberation Serif, metric-compatible with Times New Roman
// (the face Hướng dẫn 36-HD/VPTW expects of party documents) and covering every Vietnamese
// letter. They are embedded so a printed paper looks the same on every laptop, whatever fonts
// the system has. The licence (SIL OFL 1.1) is FontLicense; it must travel with the program.

// SerifRegular is LiberationSerif-Regular.ttf: body text and the superior's name.
//
//go:embed fonts/LiberationSerif-Regular.ttf
var SerifRegular []byte

// SerifBold is LiberationSerif-Bold.ttf: the issuer, titles, headings and signers' names.
//
//go:embed fonts/LiberationSerif-Bold.ttf
var SerifBold []byte

// SerifItalic is LiberationSerif-Italic.ttf: the place-and-date line.
//
//go:embed fonts/LiberationSerif-Italic.ttf
var SerifItalic []byte

// SerifBoldItalic is LiberationSerif-BoldItalic.ttf: the "Nơi nhận:" label.
//
//go:embed fonts/LiberationSerif-BoldItalic.ttf
var SerifBoldItalic []byte

// FontLicense is the text of fonts/LICENSE: the copyright notices of the Liberation fonts and
// the SIL Open Font License 1.1 they are distributed under.
//
//go:embed fonts/LICENSE
var FontLicense string
