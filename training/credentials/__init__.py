"""Credentials anyone can verify without asking us: the issuer's keys (kept in files, never in
the database), Open Badges 3.0 credentials signed as VC-JWT, the Bitstring Status List that says
which are revoked, and PDF signatures (PAdES) on the certificates. README "Verifying a
certificate without Shiftready".

This package knows nothing of certificates: ``training.certification`` says what a credential
claims; this package signs, publishes and checks."""
