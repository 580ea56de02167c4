"""`manage.py demo_hall`: queues, appointment slots and a morning of tickets for the demo
district's hall, and a year of hall history (tickets and pre-reviews of every working day)
at the points with queues. Run after demo_district; running it again changes nothing."""

from django.core.management.base import BaseCommand, CommandError

from onewindow.hall.demo import load_hall_demo


class Command(BaseCommand):
    help = "载入演示大厅数据：排队队列、未来5个工作日的预约时段、今天上午的排队票，以及过去一年各工作日的排队票和预审记录。可重复运行。"

    def handle(self, *args, verbosity: int = 1, **options):
        made = load_hall_demo()
        if not made:
            raise CommandError("未找到政务服务大厅：请先运行 manage.py demo_district")
        if verbosity:
            self.stdout.write(
                f"{made['hall']}：队列 {made['queues']} 个，新增预约时段 {made['slots']} 个，"
                f"今日新增排队票 {made['tickets']} 张（等待中 {made['waiting']} 张）"
            )
            history = made["history"]
            if history["tickets"] or history["prereviews"]:
                self.stdout.write(
                    f"  历史排队：{history['days']} 个工作日，排队票 {history['tickets']} 张"
                    f"（关联办件 {history['linked']} 件），预审 {history['prereviews']} 次"
                    f"（{history['seconds']:.1f} 秒）"
                )
            else:
                self.stdout.write("  历史排队数据已存在，跳过。")
