"""Project cards (一卡通) with stewards (项目管家), and enterprise demands (诉求动态清零) with their Open311 GeoReport v2 face."""
