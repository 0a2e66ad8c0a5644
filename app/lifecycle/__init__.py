"""The quarter after the draw: task sheets, public notices, results entry, bulletin, clues."""
