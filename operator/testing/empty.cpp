// Keeps libraries non-empty while areas are being filled in.
