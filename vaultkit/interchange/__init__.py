"""Moving people and follow-ups in and out of the vault: LinkedIn and vCard import, calendar export."""
