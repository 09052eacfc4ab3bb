"""The portable review file: write, verify, import (dry run first), merge. Works on storage and domain; no Qt."""
