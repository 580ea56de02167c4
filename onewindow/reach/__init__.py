"""Agency service (帮代办), outlets, cross-region handling, project cards, enterprise demands."""
