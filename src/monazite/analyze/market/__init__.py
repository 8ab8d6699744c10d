"""Market structure: reference figures, country shares and concentration per stage, export controls."""
