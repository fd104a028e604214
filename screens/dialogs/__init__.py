"""Modal screens the steps share: forms, pickers, confirm dialogs and the evaluation round screens."""
