"""Plain helpers with no models: working days, PDFs, QR codes, signing, search."""
