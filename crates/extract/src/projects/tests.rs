//! Small boxes written for the edge cases, in the seeds' messy styles: a print
//! layout wrapping prose at 28 characters (a blank line after every line, box lines
//! set wider), and a web layout with one paragraph per line.

use super::*;
use crate::Document;

/// A print-layout document: `before` and `after` are prose paragraphs wrapped at
/// 28 characters, with enough filler prose for the wrap width to be measured.
fn print_doc(box_lines: &[&str], after: &[&str]) -> String {
    let filler = "这是一段用来让文档呈现出固定折行宽度的普通叙述文字内容";
    let mut s = String::new();
    for _ in 0..12 {
        s.push_str(filler);
        s.push_str("\n\n");
    }
    for l in box_lines.iter().chain(after) {
        s.push_str(l);
        s.push_str("\n\n");
    }
    for _ in 0..6 {
        s.push_str(filler);
        s.push_str("\n\n");
    }
    s
}

fn read(text: &str) -> Vec<Project> {
    extract(&Document::parse(text), &[])
}

fn names(projects: &[Project]) -> Vec<&str> {
    projects.iter().map(|p| p.name.as_str()).collect()
}

#[test]
fn dunhao_list_box_gives_one_item_per_name_even_with_dunhao_in_brackets() {
    let text = "\t专栏3  文旅产业重点项目\n\n\t甲湖景区提升项目、乙山（丙峰、丁岭）森林公园项目、戊城“夜经济、慢生活”街区建设项目。\n\n\n（二）加快发展现代服务业\n";
    let got = read(text);
    assert_eq!(names(&got), vec!["甲湖景区提升项目", "乙山（丙峰、丁岭）森林公园项目", "戊城“夜经济、慢生活”街区建设项目"]);
    assert!(got.iter().all(|p| p.group.as_deref() == Some("专栏3 文旅产业重点项目") && p.line == 3));
    assert!(got.iter().all(|p| p.description.is_none()));
}

#[test]
fn category_lines_drop_their_label_and_sentence_lines_are_one_item() {
    let text = "专栏5  现代服务业重点项目\n\n文体项目：甲体育公园升级工程、乙剧院项目\n物流工程：丙冷链物流园区建设项目。\n设立产业基金：引导龙头企业以合作方式参与，推动丁大厦建设。\n\n\n五、保障措施\n";
    let got = read(text);
    assert_eq!(names(&got), vec!["甲体育公园升级工程", "乙剧院项目", "丙冷链物流园区建设项目", "设立产业基金"]);
    assert_eq!(got[3].description.as_deref(), Some("引导龙头企业以合作方式参与，推动丁大厦建设。"));
    assert_eq!(got[2].line, 4);
}

#[test]
fn description_may_hold_a_colon_and_wraps_over_lines() {
    let text = print_doc(
        &[
            "专栏 7：交通重大项目",
            "甲乙高速公路项目：主线全长 120公里，其中：甲段 45公里、乙段 75公里，设互通立交",
            "6处。",
            "丙江大桥工程：建设特大桥 1座。",
        ],
        &["第三节 完善能源保障"],
    );
    let got = read(&text);
    assert_eq!(names(&got), vec!["甲乙高速公路项目", "丙江大桥工程"]);
    assert_eq!(got[0].description.as_deref(), Some("主线全长120公里，其中：甲段45公里、乙段75公里，设互通立交6处。"));
    assert_eq!(got[0].group.as_deref(), Some("专栏 7：交通重大项目"));
}

#[test]
fn box_at_the_end_of_a_chapter_ends_at_the_heading() {
    let text = print_doc(
        &[
            "专栏 2：生态环境重点工程项目",
            "湿地保护工程：重点实施湿地保护、退耕还湿、芦苇湿地修复等项目。开展甲湖、乙湖",
            "等国家湿地公园生态恢复治理。",
            " 第四章 聚力低碳发展，打造生态经济先导区",
        ],
        &["把发展壮大实体经济作为扩大经济总量的主攻方向，围绕提", "升核心竞争力。"],
    );
    let got = read(&text);
    assert_eq!(names(&got), vec!["湿地保护工程"]);
    assert!(got[0].description.as_deref().is_some_and(|d| d.ends_with("生态恢复治理。")));
}

#[test]
fn box_split_by_a_page_number_drops_it() {
    let text = print_doc(
        &[
            "专栏 9：能源领域重大项目",
            "甲抽水蓄能电站项目：总装机容量 120万千瓦，安装 4台单机容量为 30万千瓦的可逆式",
            "- 92 -",
            "水泵水轮发电机组。",
            "乙生物质热电联产项目：建设 1台 3万千瓦汽轮发电机组和 1台 130吨/小时生物质锅炉。",
        ],
        &["第二节 强化资源供应保障"],
    );
    assert!(Document::parse(&text).wrap_width.is_some(), "the fixture must read as a wrapped layout");
    let got = read(&text);
    assert_eq!(names(&got), vec!["甲抽水蓄能电站项目", "乙生物质热电联产项目"]);
    assert_eq!(got[0].description.as_deref(), Some("总装机容量120万千瓦，安装4台单机容量为30万千瓦的可逆式水泵水轮发电机组。"));
}

#[test]
fn prose_resuming_at_the_wrap_width_ends_a_box_without_heading() {
    let text = print_doc(
        &[
            "专栏 1：重大科创平台",
            "甲碳纤维产业研究院：碳纤维研发中心、乙风电新材料创新中心、碳纤维检验检测中心、压力",
            "容器创新中心",
            "丙知识创新平台：丁市知识创新中心",
        ],
        &["发挥企业创新主体作用。实施科技企业研发投入、转化成果、", "新产品产值计划和科技企业上市工程。"],
    );
    let got = read(&text);
    assert_eq!(names(&got), vec!["甲碳纤维产业研究院", "丙知识创新平台"]);
    assert_eq!(got[0].description.as_deref(), Some("碳纤维研发中心、乙风电新材料创新中心、碳纤维检验检测中心、压力容器创新中心"));
}

#[test]
fn collective_lines_give_their_members_nested_or_not() {
    let text = print_doc(
        &[
            "专栏 4：“两区、十镇”发展格局",
            "两区：甲食品区、乙高新区",
            "十镇：3个示范镇：丙镇、丁镇、戊镇；2个特色小镇：己温泉小镇、庚小镇（辛四季度假小镇）",
        ],
        &["第四节 深化农业农村改革"],
    );
    let got = read(&text);
    assert_eq!(names(&got), vec!["甲食品区", "乙高新区", "丙镇", "丁镇", "戊镇", "己温泉小镇", "庚小镇（辛四季度假小镇）"]);
    assert!(got.iter().all(|p| p.description.is_none()));
}

#[test]
fn area_table_box_gives_one_item_per_area() {
    let text = print_doc(
        &[
            "专栏 18：北部转型发展样板区",
            "甲新区",
            "发展定位 与乙新区协同错位发展，打造高新技术产业集聚区",
            "主导产业 汽车及零部件、电子信息",
            "丙区",
            "（中心城区）",
            "发展定位",
            "建设国家产业转型升级示范园区，争创国家自由贸易试验区甲",
            "片区",
            "主导产业 精细化工、新材料",
        ],
        &["第二节 打造县域经济增长极"],
    );
    let got = read(&text);
    assert_eq!(names(&got), vec!["甲新区", "丙区（中心城区）"]);
    assert_eq!(
        got[1].description.as_deref(),
        Some("发展定位 建设国家产业转型升级示范园区，争创国家自由贸易试验区甲片区 主导产业 精细化工、新材料")
    );
}

#[test]
fn star_list_gives_the_named_works_with_their_investment() {
    let text = "\n今年要集中力量办好3件民生实事\n\n★ 医疗资源提升工程 ★\n\n投资6000万元，采购重症设备，强化基层医疗。\n\n★ 老旧小区改造工程 ★\n\n投资2亿元，改造老旧小区18个。\n\n★ 水源地建设工程 ★\n\n建设城市第二水源地。\n\n全面加强政府自身建设\n";
    let got = read(text);
    assert_eq!(names(&got), vec!["医疗资源提升工程", "老旧小区改造工程", "水源地建设工程"]);
    assert!(got.iter().all(|p| p.group.as_deref() == Some("今年要集中力量办好3件民生实事")));
    assert_eq!(got[0].investment, Some(crate::model::Money { value: 6000.0, unit: "万元".into() }));
    assert_eq!(got[1].investment, Some(crate::model::Money { value: 2.0, unit: "亿元".into() }));
    assert_eq!(got[2].investment, None);
    assert_eq!(got[2].description.as_deref(), Some("建设城市第二水源地。"));
    assert_eq!(got[0].line, 4);
}

#[test]
fn heading_index_points_at_the_last_heading_before_the_item() {
    let outline = vec![
        Heading { level: 1, label: "第一章".into(), title: "甲".into(), line: 1 },
        Heading { level: 2, label: "第一节".into(), title: "乙".into(), line: 5 },
    ];
    assert_eq!(heading_index(&outline, 4), Some(0));
    assert_eq!(heading_index(&outline, 5), Some(1));
    assert_eq!(heading_index(&outline, 0), None);
}

#[test]
fn odd_input_does_not_panic() {
    for text in ["专栏", "专栏 1：\n", "★\n★ 甲 ★\n", "专栏1：x\n两区：\n十镇：：；；、、\n", "专栏 2：表\n甲 乙 丙\n1 2\n"]
    {
        let _ = read(text);
    }
}

#[test]
fn box_divided_by_its_own_subheadings_keeps_reading_until_the_plan_heading() {
    let text = "专栏 6：重大基础设施项目\n（一）交通\n甲乙高速公路项目：主线全长120公里。\n（二）水利\n丙水库工程：建设中型水库1座。\n第五章 保障措施\n";
    let got = read(text);
    assert_eq!(names(&got), vec!["甲乙高速公路项目", "丙水库工程"]);
    assert_eq!(got[1].line, 5);
}

#[test]
fn table_box_with_a_name_column_gives_one_item_per_row() {
    let text = "专栏 3：重大项目表\n序号 项目名称 建设内容 总投资（亿元）\n1 甲物流园项目 建设仓储中心 12\n2 乙产业园项目 建设标准化厂房 3.5\n第二节 扩大开放\n";
    let got = read(text);
    assert_eq!(names(&got), vec!["甲物流园项目", "乙产业园项目"]);
    assert_eq!(got[0].description.as_deref(), Some("建设仓储中心"));
    assert_eq!(got[1].investment, Some(crate::model::Money { value: 3.5, unit: "亿元".into() }));
    assert_eq!(got[1].line, 4);
}

#[test]
fn bullets_before_box_items_are_not_part_of_the_names() {
    let text = "专栏3 重点能源项目\n● 甲风电项目：装机容量20万千瓦，总投资16亿元。\n● 乙供热改造项目：改造供热管网80公里。\n推进能源结构调整，提高清洁能源比重。\n";
    let got = read(text);
    assert_eq!(names(&got), vec!["甲风电项目", "乙供热改造项目"]);
    assert_eq!(got[0].investment, Some(crate::model::Money { value: 16.0, unit: "亿元".into() }));
}
