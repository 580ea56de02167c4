/* The dashboard's charts (ECharts, served locally). Every bar or slice that stands for a set
   of cases carries the address of the list behind it; clicking it goes there. */
(function () {
  "use strict";
  function start() {
    var node = document.getElementById("dashboard-data");
    if (!node || !window.echarts) return;
    var data = JSON.parse(node.textContent);
    var palette = ["#14467a", "#1f9d55", "#d64545", "#d99a00", "#6b7a8f"];
    var charts = [];

    function empty(id, text) {
      var el = document.getElementById(id);
      if (el) { el.className = "chart-empty"; el.textContent = text; }
    }

    function total(list) {
      return list.reduce(function (sum, x) { return sum + ((x && x.value !== undefined) ? x.value : (x || 0)); }, 0);
    }

    function chart(id, option, rows) {
      var el = document.getElementById(id);
      if (!el) return;
      if (rows) el.style.height = Math.max(300, rows * 24 + 60) + "px";  // a bar per department
      var c = echarts.init(el, null, { renderer: "svg" });
      option.color = option.color || palette;
      option.animation = false;
      c.setOption(option);
      c.on("click", function (p) {
        if (p.data && p.data.url) window.location.href = p.data.url;
      });
      charts.push(c);
    }

    var t = data.trend;
    chart("chart-trend", {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 48, right: 48, top: 36, bottom: 40 },
      xAxis: { type: "category", data: t.months, axisLabel: { rotate: 30 } },
      yAxis: [{ type: "value", name: "件" }, { type: "value", name: "%", min: 0, max: 100 }],
      series: [
        { name: "受理", type: "bar", data: t.accepted },
        { name: "办结", type: "bar", data: t.concluded },
        { name: "超期", type: "bar", data: t.overdue, itemStyle: { color: "#d64545" } },
        { name: "按时办结率", type: "line", yAxisIndex: 1, data: t.on_time, itemStyle: { color: "#d99a00" } }
      ]
    });

    var s = data.signals;
    var colours = { GREEN: "#1f9d55", YELLOW: "#d99a00", RED: "#d64545" };
    var names = { GREEN: "绿灯", YELLOW: "黄灯", RED: "红灯" };
    chart("chart-signals", {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 120, right: 24, top: 36, bottom: 24 },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: s.departments, inverse: true },
      series: ["GREEN", "YELLOW", "RED"].map(function (k) {
        return { name: names[k], type: "bar", stack: "all", data: s.series[k], itemStyle: { color: colours[k] } };
      })
    }, s.departments.length);

    if (!total(data.ratings)) empty("chart-ratings", "统计期内暂无评价");
    else chart("chart-ratings", {
      tooltip: { trigger: "item", formatter: "{b}：{c}（{d}%）" },
      legend: { bottom: 0 },
      series: [{ type: "pie", radius: ["35%", "65%"], data: data.ratings, label: { formatter: "{b}\n{d}%" } }]
    });

    var r = data.ranking;
    chart("chart-ranking", {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: function (v) { return v + "%"; } },
      grid: { left: 120, right: 40, top: 12, bottom: 24 },
      xAxis: { type: "value", min: function (v) { return Math.max(0, Math.floor(v.min / 10) * 10 - 10); }, max: 100 },
      yAxis: { type: "category", data: r.departments },
      series: [{ type: "bar", data: r.values, label: { show: true, position: "right", formatter: "{c}%" }, itemStyle: { color: "#14467a" } }]
    }, r.departments.length);

    var w = data.windows;
    if (!w.labels.length) empty("chart-windows", "统计期内暂无窗口叫号记录");
    else chart("chart-windows", {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 48, right: 24, top: 36, bottom: 80 },
      xAxis: { type: "category", data: w.labels, axisLabel: { rotate: 40, fontSize: 10 } },
      yAxis: { type: "value", name: "张" },
      series: [
        { name: "办结", type: "bar", stack: "t", data: w.served, itemStyle: { color: "#1f9d55" } },
        { name: "过号", type: "bar", stack: "t", data: w.no_show, itemStyle: { color: "#6b7a8f" } }
      ]
    });

    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
    // Drawn charts plus those that said there is nothing to draw.
    var settled = charts.length + document.querySelectorAll(".chart-empty").length;
    document.body.setAttribute("data-charts-ready", String(settled));
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
