package demo

// Two years of the demo cell's meetings, ending with last month: a regular meeting every month,
// a thematic one every quarter (on its own evening or combined with the regular one), a few
// short ones, each approved in date order; one set of minutes corrected; and this month's
// meeting left as a draft to continue.
//
// Like the roster, everything is drawn from a generator seeded by the cell's code, relative to
// today, and the content comes from the tables below, not from copies of one meeting.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"chibo/rules"
	"chibo/store"
)

// meetingPlace is where the cell meets.
const meetingPlace = "Nhà văn hóa " + village

// meetingMonths is how many months of approved meetings the demo holds, ending with last month.
const meetingMonths = 24

// correctionReason is the reason of the demo's one correction.
const correctionReason = "Ghi nhầm giờ kết thúc"

// taskTpl is a task the cell may give, with what the next meeting reports about it.
type taskTpl struct {
	text    string // the task
	done    string // the result once done
	partial string // the result while still under way
}

// topic is an item a regular meeting may discuss: what members say about it, the chair's
// conclusion and the task it leads to. Months limits it to a season (empty: any month);
// from and to limit it to a period (ISO dates, empty: open).
type topic struct {
	months     []int
	from, to   string
	title      string
	lines      []string
	conclusion string
	task       taskTpl
}

// Placeholders in the texts: {n} a small number, {N} a larger one, {m} and {y} the meeting's
// month and year, {next} the next month, {prev} last month.

// topics are the seasonal and standing items of a mountain village's monthly meeting.
var topics = []topic{
	{months: []int{2, 3, 4, 7, 8},
		title: "Chăm sóc, trồng mới chè Shan tuyết",
		lines: []string{
			"Năm nay bà con trong bản đăng ký trồng mới khoảng {n} ha chè Shan tuyết, cây giống xã hỗ trợ đã về đủ.",
			"Đề nghị chi bộ phân công đảng viên hướng dẫn bà con đào hố, bón lót đúng kỹ thuật để cây giống không bị chết.",
			"Gia đình tôi đã trồng xong diện tích đăng ký, bà con có thể xuống xem để làm theo.",
			"Giá chè búp tươi đang lên, nhiều hộ muốn mở rộng nhưng thiếu vốn; đề nghị đề xuất Ngân hàng chính sách xã cho vay.",
			"Cần nhắc bà con hái chè đúng một tôm hai lá thì hợp tác xã mới thu mua giá cao.",
		},
		conclusion: "Giao đảng viên phụ trách các nhóm hộ hướng dẫn bà con trồng dặm, chăm sóc chè Shan tuyết đúng thời vụ; đảng viên phải gương mẫu trồng đủ diện tích đã đăng ký.",
		task: taskTpl{"Hướng dẫn các hộ trong nhóm trồng dặm, bón phân cho diện tích chè Shan tuyết",
			"Đã hướng dẫn {N} hộ trồng dặm, bón phân; chè sinh trưởng tốt.",
			"Đã hướng dẫn được khoảng một nửa số hộ, số còn lại làm tiếp trong tháng {m}."}},
	{months: []int{4, 5, 6, 7, 8},
		title: "Trồng mới và chăm sóc rừng quế",
		lines: []string{
			"Đầu mùa mưa là lúc trồng quế tốt nhất, bà con đã nhận {N} nghìn cây giống.",
			"Một số hộ còn bóc vỏ quế non để bán, đề nghị tuyên truyền để quế đủ tuổi mới khai thác.",
			"Tôi đề nghị vận động bà con trồng quế xen trên đất đồi bỏ trống, không phát đốt rừng để trồng.",
			"Nhóm hộ tôi phụ trách đã trồng xong {n} ha, tỷ lệ cây sống cao.",
		},
		conclusion: "Tập trung trồng quế khi đất đủ ẩm, trồng đến đâu chăm sóc đến đó; tuyệt đối không phát rừng tự nhiên để trồng quế.",
		task: taskTpl{"Vận động các hộ trồng hết số cây quế giống đã nhận, trồng dặm cây chết",
			"Các hộ đã trồng hết cây giống, tỷ lệ sống khoảng 9 phần 10.",
			"Còn {n} hộ chưa trồng xong do thiếu nhân lực, đảng viên đang giúp đỡ."}},
	{months: []int{12, 1, 2, 3, 4},
		title: "Phòng cháy, chữa cháy rừng mùa khô",
		lines: []string{
			"Trời hanh khô kéo dài, nguy cơ cháy rừng rất cao; đề nghị nhắc bà con không đốt nương khi có gió to.",
			"Tổ đội phòng cháy chữa cháy rừng của bản đã có {N} người, cần kiểm tra lại dụng cụ dao, cào, bàn dập lửa.",
			"Tôi đề nghị phân công trực tại chòi canh vào những ngày nắng nóng.",
			"Hộ nào đốt nương phải báo trưởng bản và làm đường băng cản lửa trước khi đốt.",
		},
		conclusion: "Đảng viên gương mẫu và vận động nhân dân thực hiện nghiêm quy định đốt nương; tổ đội phòng cháy chữa cháy rừng trực trong những ngày nắng nóng.",
		task: taskTpl{"Rà soát tổ đội phòng cháy chữa cháy rừng, phân công trực chòi canh những ngày nắng nóng",
			"Đã kiện toàn tổ đội, trực đủ các ngày nắng nóng; trong tháng không để xảy ra cháy rừng.",
			"Đã phân công trực, còn thiếu dụng cụ dập lửa, đã báo cáo xã bổ sung."}},
	{months: []int{3, 4, 9, 10},
		title: "Tiêm phòng vắc-xin cho gia súc, gia cầm",
		lines: []string{
			"Đợt này thú y xã về tiêm lở mồm long móng và tụ huyết trùng cho trâu, bò; còn nhiều hộ thả rông nên khó tập trung.",
			"Đề nghị các hộ nhốt trâu, bò từ tối hôm trước để sáng hôm sau tiêm cho kịp.",
			"Năm ngoái bản bên có dịch tả lợn châu Phi, bà con mình phải tiêm phòng đầy đủ, không mua lợn không rõ nguồn gốc.",
			"Tôi nhận cùng thú y viên đi từng hộ để vận động.",
		},
		conclusion: "Phấn đấu tiêm phòng trên 90% tổng đàn trâu, bò, lợn; đảng viên vận động các hộ trong nhóm phối hợp với thú y viên.",
		task: taskTpl{"Phối hợp thú y viên tiêm phòng cho đàn gia súc, gia cầm của các hộ trong nhóm",
			"Đã tiêm phòng cho {N} con trâu, bò và đàn lợn của các hộ trong nhóm, đạt trên 90%.",
			"Mới tiêm được khoảng hai phần ba tổng đàn, thú y xã hẹn tiêm bổ sung."}},
	{months: []int{12, 1, 2},
		title: "Phòng chống đói, rét cho trâu, bò",
		lines: []string{
			"Dự báo có đợt rét đậm, rét hại, nhiệt độ trên núi có thể xuống dưới 5 độ.",
			"Đề nghị bà con đưa trâu, bò về chuồng, che chắn kín và dự trữ rơm, cỏ khô.",
			"Năm trước bản mình có {n} con trâu chết rét, năm nay phải làm tốt hơn.",
			"Không thả trâu, bò lên núi cao khi trời rét dưới 10 độ.",
		},
		conclusion: "Đảng viên vận động các hộ che chắn chuồng trại, dự trữ thức ăn, không thả rông gia súc trong những ngày rét đậm.",
		task: taskTpl{"Kiểm tra, nhắc các hộ che chắn chuồng trại, dự trữ thức ăn cho trâu, bò",
			"Các hộ đã che chắn chuồng trại; trong đợt rét không có gia súc bị chết.",
			"Còn {n} hộ chưa làm chuồng kín, tiếp tục vận động."}},
	{months: []int{12, 1},
		title: "Tổ chức cho nhân dân đón Tết vui tươi, lành mạnh, an toàn",
		lines: []string{
			"Đề nghị tổ chức giải kéo co, đẩy gậy, ném pao cho thanh niên trong dịp Tết.",
			"Cần thăm hỏi, tặng quà các hộ nghèo, gia đình chính sách trong bản.",
			"Nhắc bà con không uống rượu say rồi đi xe máy, không đốt pháo.",
			"Đảng viên phải gương mẫu, không tổ chức ăn uống linh đình, kéo dài.",
		},
		conclusion: "Tổ chức Tết vui tươi, tiết kiệm; thăm hỏi các hộ khó khăn; giữ an ninh trật tự, an toàn giao thông trong dịp Tết.",
		task: taskTpl{"Lập danh sách, tổ chức thăm hỏi, tặng quà Tết các hộ nghèo, gia đình chính sách",
			"Đã thăm hỏi, tặng quà {n} hộ nghèo và gia đình chính sách.",
			"Đã lập danh sách, đang chờ quà của xã chuyển về."}},
	{months: []int{5, 6},
		title: "Làm đất, gieo cấy lúa ruộng bậc thang vụ mùa",
		lines: []string{
			"Nước đã về ruộng, bà con đang làm đất; cần gieo cấy xong trước cuối tháng để kịp thời vụ.",
			"Đề nghị dùng giống lúa xã hỗ trợ, không để giống cũ bị thoái hóa.",
			"Mương dẫn nước lên khu ruộng trên bị sạt một đoạn, cần huy động bà con sửa.",
			"Tôi đề nghị các hộ đổi công cho nhau để cấy cho kịp.",
		},
		conclusion: "Gieo cấy xong lúa vụ mùa trong tháng; huy động nhân dân sửa mương, đảm bảo nước tưới.",
		task: taskTpl{"Huy động nhân dân sửa mương dẫn nước, đôn đốc gieo cấy đúng khung thời vụ",
			"Đã sửa xong mương, {N} hộ gieo cấy đúng thời vụ.",
			"Đã sửa một phần mương, còn đoạn sạt lớn đề nghị xã hỗ trợ xi măng."}},
	{months: []int{9, 10},
		title: "Thu hoạch lúa, ngô vụ mùa gọn, nhanh",
		lines: []string{
			"Lúa vụ mùa năm nay được mùa, bà con đang gặt; cần thu hoạch nhanh tránh mưa bão cuối mùa.",
			"Nhắc bà con phơi khô, bảo quản thóc, ngô để không bị mốc.",
			"Đề nghị vận động các hộ giúp nhau gặt cho các gia đình neo đơn.",
			"Sau thu hoạch không đốt rơm rạ bừa bãi gần rừng.",
		},
		conclusion: "Thu hoạch dứt điểm lúa, ngô vụ mùa; giúp đỡ các gia đình neo đơn; bảo quản tốt lương thực.",
		task: taskTpl{"Vận động các hộ giúp nhau thu hoạch cho gia đình neo đơn, bảo quản tốt lương thực",
			"Đã giúp {n} gia đình neo đơn thu hoạch xong.",
			"Còn một số hộ ở xa chưa gặt xong do mưa."}},
	{months: []int{6, 7, 8, 9},
		title: "Phòng chống thiên tai, lũ quét, sạt lở đất mùa mưa",
		lines: []string{
			"Mùa mưa năm nay đến sớm, có {n} hộ ở sát taluy dương có nguy cơ sạt lở.",
			"Đề nghị nhắc bà con không qua suối khi nước lũ lên, không vớt củi trên suối.",
			"Cần chuẩn bị sẵn phương án di dời và lương thực dự trữ cho các hộ ở vùng nguy hiểm.",
			"Tôi nhận theo dõi các hộ ở khu dưới suối, có mưa to là báo ngay trưởng bản.",
		},
		conclusion: "Rà soát các hộ ở vùng nguy cơ sạt lở, lũ quét; sẵn sàng di dời khi có mưa lớn; thực hiện phương châm bốn tại chỗ.",
		task: taskTpl{"Rà soát, lập danh sách hộ ở vùng nguy cơ sạt lở, lũ quét và phương án di dời",
			"Đã lập danh sách {n} hộ và phương án di dời, báo cáo Ủy ban nhân dân xã.",
			"Đã rà soát, phương án di dời đang hoàn thiện."}},
	{months: []int{8, 9, 2},
		title: "Vận động học sinh ra lớp, chống bỏ học giữa chừng",
		lines: []string{
			"Còn {n} em ở độ tuổi trung học cơ sở chưa đến trường, chủ yếu do gia đình cho đi làm nương.",
			"Đề nghị đảng viên cùng giáo viên đến từng nhà vận động, không để em nào bỏ học.",
			"Một số em lớn tuổi bỏ học đi làm thuê bên kia biên giới, cần nắm lại danh sách.",
			"Gia đình nào khó khăn thì đề nghị nhà trường hỗ trợ sách vở, gạo bán trú.",
		},
		conclusion: "Phấn đấu 100% trẻ trong độ tuổi ra lớp; đảng viên cùng nhà trường vận động từng trường hợp cụ thể.",
		task: taskTpl{"Phối hợp nhà trường đến từng gia đình vận động học sinh ra lớp",
			"Đã vận động được các em ra lớp đầy đủ, không còn học sinh bỏ học.",
			"Đã vận động được {n} em, còn hai em đi làm xa chưa về."}},
	{months: []int{11, 12},
		title: "Chuẩn bị kiểm điểm, đánh giá, xếp loại đảng viên cuối năm",
		lines: []string{
			"Đề nghị mỗi đồng chí viết bản tự kiểm điểm theo mẫu, nộp chi bộ trước ngày 10 tháng sau.",
			"Cần đối chiếu việc thực hiện nhiệm vụ được giao trong năm để tự đánh giá cho đúng.",
			"Đồng chí nào chưa đóng đủ đảng phí trong năm thì nộp bổ sung.",
			"Tôi đề nghị các đồng chí lớn tuổi có thể nhờ con cháu viết hộ nhưng phải tự nêu ưu điểm, khuyết điểm.",
		},
		conclusion: "Mỗi đảng viên hoàn thành bản tự kiểm điểm đúng hạn; chi ủy tổng hợp, chuẩn bị hội nghị kiểm điểm của chi bộ.",
		task: taskTpl{"Đôn đốc đảng viên viết và nộp bản tự kiểm điểm cuối năm",
			"Đã thu đủ bản tự kiểm điểm của đảng viên trong chi bộ.",
			"Còn {n} đồng chí chưa nộp bản kiểm điểm, tiếp tục đôn đốc."}},
	{months: []int{10, 11},
		title: "Chuẩn bị Ngày hội Đại đoàn kết toàn dân tộc ở khu dân cư",
		lines: []string{
			"Ban công tác Mặt trận bản đã có kế hoạch tổ chức ngày hội, đề nghị chi bộ cho ý kiến.",
			"Nên tổ chức văn nghệ, thi nấu ăn giữa các dòng họ để bà con gắn bó hơn.",
			"Cần biểu dương các hộ tiêu biểu trong làm kinh tế và xây dựng nông thôn mới.",
		},
		conclusion: "Chi bộ thống nhất kế hoạch ngày hội; đảng viên vận động gia đình và các hộ trong nhóm tham gia đầy đủ.",
		task: taskTpl{"Phối hợp Ban công tác Mặt trận tổ chức Ngày hội Đại đoàn kết ở bản",
			"Ngày hội tổ chức thành công, {N} hộ tham gia.",
			"Đang chuẩn bị chương trình văn nghệ, chưa tổ chức được do trùng lịch thu hoạch."}},
	{title: "Xây dựng nông thôn mới: đường bê tông nội bản, vệ sinh môi trường",
		lines: []string{
			"Đoạn đường bê tông vào cụm dân cư phía trên còn khoảng {N} mét chưa làm, xã đã hỗ trợ xi măng.",
			"Đề nghị mỗi hộ góp ngày công, đảng viên đi trước.",
			"Nhiều hộ vẫn để chuồng trâu dưới gầm sàn, cần vận động di chuyển ra xa nhà.",
			"Tôi đề nghị tổ chức tổng vệ sinh đường bản vào sáng chủ nhật cuối tháng.",
		},
		conclusion: "Huy động ngày công làm đường bê tông nội bản; vận động các hộ di chuyển chuồng trại ra xa nhà ở, giữ vệ sinh môi trường.",
		task: taskTpl{"Huy động ngày công làm đoạn đường bê tông nội bản và tổng vệ sinh đường bản",
			"Đã làm xong {N} mét đường bê tông, tổng vệ sinh đường bản vào chủ nhật cuối tháng.",
			"Đã làm được một nửa đoạn đường, còn chờ xi măng đợt hai."}},
	{title: "An ninh trật tự, phòng chống ma túy và tệ nạn xã hội",
		lines: []string{
			"Tình hình an ninh trật tự trong bản ổn định, không có vụ việc phức tạp.",
			"Có {n} thanh niên đi làm ăn xa chưa khai báo tạm vắng, đề nghị nắm lại danh sách.",
			"Đề nghị tổ an ninh bản tăng cường tuần tra vào ban đêm, nhất là khu giáp đường mòn.",
			"Cần tuyên truyền để bà con biết tác hại của ma túy, phát hiện đối tượng lạ phải báo công an xã.",
		},
		conclusion: "Duy trì tổ an ninh bản; nắm chắc người đi, người đến; kịp thời báo công an xã khi phát hiện dấu hiệu liên quan đến ma túy.",
		task: taskTpl{"Rà soát người đi làm ăn xa, người tạm trú; phối hợp công an xã tuyên truyền phòng chống ma túy",
			"Đã rà soát, lập danh sách {n} người đi làm ăn xa và báo công an xã.",
			"Đã rà soát được phần lớn, còn một số hộ đi vắng."}},
	{title: "Quản lý đường mòn, lối mở; phòng chống xuất nhập cảnh trái phép",
		lines: []string{
			"Gần đây có người lạ hỏi đường sang bên kia biên giới, bà con đã báo đồn biên phòng.",
			"Đề nghị vận động bà con không tham gia vận chuyển hàng lậu qua đường mòn.",
			"Tổ tự quản đường biên, mốc giới của bản cần duy trì đi tuần mỗi tháng.",
			"Tôi đề nghị nhắc thanh niên không nghe lời rủ rê sang làm thuê không có giấy tờ.",
		},
		conclusion: "Duy trì tổ tự quản đường biên, mốc giới; vận động nhân dân không xuất nhập cảnh trái phép, không tiếp tay buôn lậu.",
		task: taskTpl{"Duy trì tổ tự quản đường biên, mốc giới đi tuần, phối hợp đồn biên phòng",
			"Tổ tự quản đã đi tuần {n} lần, không phát hiện vi phạm.",
			"Đã đi tuần một lần, lần thứ hai chưa đi được do mưa lớn."}},
	{title: "Vận động nhân dân tham gia bảo hiểm y tế, khám bệnh tại trạm y tế",
		lines: []string{
			"Vẫn còn hộ mời thầy cúng khi có người ốm thay vì đưa đến trạm y tế.",
			"Đề nghị nhắc các gia đình đưa phụ nữ có thai đi khám thai, sinh con tại trạm.",
			"Thẻ bảo hiểm y tế của một số hộ sắp hết hạn, cần báo xã cấp lại kịp thời.",
		},
		conclusion: "Đảng viên vận động nhân dân khám chữa bệnh tại cơ sở y tế, tham gia đầy đủ bảo hiểm y tế.",
		task: taskTpl{"Rà soát thẻ bảo hiểm y tế sắp hết hạn của các hộ, báo xã cấp đổi",
			"Đã rà soát và báo xã cấp đổi thẻ cho {n} hộ.",
			"Đã rà soát xong, xã đang làm thủ tục cấp đổi."}},
	// Tied to their period.
	{from: "2025-01-01", to: "2025-04-30",
		title: "Chuẩn bị Đại hội chi bộ nhiệm kỳ 2025–2027",
		lines: []string{
			"Dự thảo báo cáo chính trị đã nêu đủ kết quả, nhưng cần nói rõ hơn hạn chế trong phát triển đảng viên.",
			"Đề nghị chuẩn bị nhân sự bí thư, phó bí thư theo đúng hướng dẫn của Đảng ủy xã.",
			"Tôi đề nghị mời đại diện các đoàn thể trong bản dự phiên khai mạc.",
		},
		conclusion: "Hoàn thiện dự thảo báo cáo chính trị và phương án nhân sự, báo cáo Đảng ủy xã trước khi tổ chức đại hội.",
		task: taskTpl{"Hoàn thiện dự thảo báo cáo chính trị, chuẩn bị các điều kiện tổ chức Đại hội chi bộ",
			"Đã hoàn thiện văn kiện, được Đảng ủy xã đồng ý cho tổ chức đại hội.",
			"Dự thảo đang chỉnh sửa theo góp ý của Đảng ủy xã."}},
	{from: "2025-05-15", to: "2025-08-31",
		title: "Quán triệt việc sắp xếp đơn vị hành chính, chính quyền địa phương hai cấp",
		lines: []string{
			"Từ ngày 01/7/2025 không còn cấp huyện, bà con hỏi làm giấy tờ ở đâu, cần giải thích rõ.",
			"Đề nghị nhắc bà con mang căn cước lên trung tâm phục vụ hành chính công của xã khi cần làm thủ tục.",
			"Đảng viên phải nắm chắc để giải thích, không để bà con nghe tin đồn sai.",
		},
		conclusion: "Đảng viên tuyên truyền để nhân dân hiểu, đồng tình với việc sắp xếp; hướng dẫn bà con làm thủ tục tại xã.",
		task: taskTpl{"Tuyên truyền đến các hộ trong nhóm về tổ chức chính quyền địa phương hai cấp",
			"Đã tuyên truyền đến các hộ, bà con đồng tình.",
			"Đã tuyên truyền qua họp bản, còn các hộ ở xa chưa nắm được."}},
	{from: "2026-01-01", to: "2026-03-14",
		title: "Tuyên truyền bầu cử đại biểu Quốc hội khóa XVI và đại biểu Hội đồng nhân dân các cấp nhiệm kỳ 2026–2031",
		lines: []string{
			"Danh sách cử tri của bản đã niêm yết, đề nghị bà con kiểm tra tên mình.",
			"Cần nhắc cử tri tự đi bầu, không bầu hộ, bầu thay.",
			"Người đi làm ăn xa phải báo về để làm giấy chứng nhận đi bầu ở nơi khác.",
		},
		conclusion: "Đảng viên gương mẫu đi bầu cử và vận động cử tri trong nhóm hộ đi bầu đầy đủ, đúng luật.",
		task: taskTpl{"Vận động cử tri trong nhóm hộ kiểm tra danh sách cử tri và đi bầu đầy đủ",
			"Cử tri trong bản đi bầu đạt trên 99%.",
			"Đã kiểm tra danh sách, còn vài cử tri đi làm ăn xa chưa liên lạc được."}},
	{from: "2026-02-03", to: "2026-04-30",
		title: "Triển khai thu, nộp đảng phí theo Quy định số 01-QĐ/TW",
		lines: []string{
			"Theo quy định mới, đảng viên không hưởng lương đóng theo tỷ lệ lương tối thiểu vùng.",
			"Đề nghị công khai mức đóng của từng đồng chí để mọi người cùng biết.",
			"Đồng chí nào muốn nộp qua Cổng dịch vụ công thì nhờ con cháu hướng dẫn cài đặt.",
		},
		conclusion: "Thực hiện thu, nộp đảng phí theo quy định mới từ tháng 02/2026; công khai mức đóng trong chi bộ.",
		task: taskTpl{"Lập danh sách mức đóng đảng phí của từng đảng viên theo quy định mới",
			"Đã lập và công khai danh sách mức đóng đảng phí.",
			"Đã lập danh sách, chờ Đảng ủy xã hướng dẫn mức lương tối thiểu vùng áp dụng."}},
}

// Standing items of every regular meeting.
var (
	reviewLines = []string{
		"Các việc tháng trước cơ bản hoàn thành; đề nghị biểu dương các đồng chí làm tốt.",
		"Còn một số việc chậm do thời tiết, đề nghị chi bộ tiếp tục theo dõi, đôn đốc.",
		"Nhóm hộ tôi phụ trách đã làm xong phần việc được giao, bà con đồng tình.",
		"Có việc giao cho hai đồng chí nhưng mới một đồng chí làm, cần phân công rõ hơn.",
		"Việc nào chưa xong thì phải nói rõ lý do và hẹn thời gian hoàn thành.",
	}
	thoughtLines = []string{
		"Đảng viên trong chi bộ yên tâm lao động sản xuất, tin tưởng vào sự lãnh đạo của Đảng.",
		"Nhân dân trong bản phấn khởi vì đường bê tông đã về đến đầu bản.",
		"Có một số thanh niên đi làm ăn xa chưa báo với bản, đề nghị nắm lại danh sách.",
		"Bà con lo giá phân bón tăng, đề nghị chi bộ kiến nghị xã hỗ trợ.",
		"Còn hiện tượng chia sẻ thông tin sai trên mạng xã hội; đảng viên cần nhắc người nhà không tin, không chia sẻ.",
		"Một số hộ còn tổ chức tang ma kéo dài, tốn kém; cần tiếp tục vận động.",
		"Bà con lo lắng vì giá chè búp xuống, đề nghị hợp tác xã ký hợp đồng bao tiêu.",
		"Có đối tượng lạ vào bản tuyên truyền đạo trái phép, đã báo công an xã.",
	}
	thoughtConclusion = "Tư tưởng đảng viên và nhân dân cơ bản ổn định; đảng viên tiếp tục nắm tình hình các hộ được phân công, kịp thời báo cáo chi ủy những vấn đề mới phát sinh."
	planLines         = []string{
		"Nhất trí với dự thảo phương hướng chi ủy đưa ra.",
		"Đề nghị phân công cụ thể từng việc cho từng đồng chí để cuối tháng dễ kiểm tra.",
		"Cần bổ sung việc nhắc bà con vệ sinh chuồng trại.",
		"Tôi nhận thêm việc vận động các hộ ở cụm dân cư phía trên.",
	}
	admissionLines = []string{
		"Quần chúng {name} đã học lớp bồi dưỡng nhận thức về Đảng và có giấy chứng nhận.",
		"Qua thời gian theo dõi, quần chúng {name} gương mẫu trong lao động, tích cực trong công tác đoàn thanh niên.",
		"Gia đình quần chúng {name} chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước.",
		"Đề nghị sau khi được kết nạp, {name} tiếp tục phấn đấu, học tập nâng cao trình độ.",
	}
	introducerLine = "Là người giới thiệu, tôi báo cáo quần chúng {name} có lý lịch rõ ràng, đủ tiêu chuẩn, điều kiện vào Đảng."
	officialLines  = []string{
		"Đồng chí {name} chấp hành tốt nhiệm vụ được giao, đóng đảng phí đầy đủ.",
		"Đồng chí {name} tích cực tham gia các phong trào của bản, được nhân dân tín nhiệm.",
		"Đề nghị đồng chí {name} mạnh dạn phát biểu hơn trong sinh hoạt chi bộ.",
	}
	selfReviewLine = "Tôi đã báo cáo bản tự kiểm điểm trong 12 tháng dự bị, xin chi bộ góp ý để tôi tiếp tục tiến bộ."
	agreeWith      = "Tôi nhất trí với ý kiến của đồng chí {prev}. "
)

// theme is a subject for a thematic meeting.
type theme struct {
	from       string // not before this date (ISO), or ""
	title      string
	intro      string // what the presenter's paper covers
	lines      []string
	conclusion string
	task       taskTpl
}

var themes = []theme{
	{title: "Phát huy vai trò đảng viên trong phát triển kinh tế đồi rừng, trồng chè Shan tuyết và quế",
		intro: "nêu thực trạng kinh tế đồi rừng của bản, những hộ làm tốt và việc mỗi đảng viên cần làm.",
		lines: []string{
			"Cả bản hiện có khoảng {N} ha chè và quế, nhưng nhiều hộ còn trồng theo kiểu cũ nên năng suất thấp.",
			"Đảng viên phải làm trước để bà con làm theo; gia đình tôi nhận trồng thêm {n} sào quế trong năm nay.",
			"Đề nghị mời cán bộ khuyến nông xã lên hướng dẫn kỹ thuật ngay tại nương chè của bản.",
			"Cần liên kết với hợp tác xã để bao tiêu chè búp, bà con không phải bán rẻ cho thương lái.",
		},
		conclusion: "Mỗi đảng viên đăng ký ít nhất một việc làm cụ thể về phát triển kinh tế đồi rừng và giúp đỡ một hộ khó khăn; chi ủy đánh giá vào cuối quý.",
		task: taskTpl{"Đăng ký việc làm cụ thể về phát triển kinh tế đồi rừng, nhận giúp đỡ hộ khó khăn",
			"Đã có {N} đảng viên đăng ký, nhận giúp đỡ {n} hộ khó khăn.",
			"Mới có khoảng một nửa số đảng viên đăng ký, chi ủy tiếp tục đôn đốc."}},
	{title: "Đảng viên tham gia bảo vệ chủ quyền lãnh thổ, an ninh biên giới quốc gia",
		intro: "nêu các quy định về quy chế khu vực biên giới và trách nhiệm của đảng viên trong tổ tự quản đường biên, mốc giới.",
		lines: []string{
			"Bản mình ở gần đường biên, mỗi đảng viên phải là một cột mốc sống như đồn biên phòng vẫn nói.",
			"Đề nghị duy trì tổ tự quản đi tuần hằng tháng, có sổ ghi chép đầy đủ.",
			"Tôi đề nghị nhắc bà con đi nương gần biên giới không vượt qua mốc giới.",
			"Phát hiện người lạ phải báo ngay đồn biên phòng, không tự giải quyết.",
		},
		conclusion: "Đảng viên gương mẫu chấp hành quy chế khu vực biên giới, tham gia tổ tự quản đường biên, mốc giới và vận động nhân dân cùng thực hiện.",
		task: taskTpl{"Kiện toàn tổ tự quản đường biên, mốc giới; xây dựng lịch tuần tra hằng tháng",
			"Đã kiện toàn tổ tự quản, lịch tuần tra được đồn biên phòng thống nhất.",
			"Đã kiện toàn tổ, lịch tuần tra đang xin ý kiến đồn biên phòng."}},
	{title: "Phòng, chống ma túy, mua bán người và xuất cảnh trái phép",
		intro: "nêu các thủ đoạn lừa đưa người sang biên giới, tác hại của ma túy và cách phát hiện, tố giác.",
		lines: []string{
			"Năm trước xã có {n} trường hợp bị lừa sang bên kia biên giới, đều là phụ nữ trẻ.",
			"Đề nghị nhắc các gia đình quản lý con em, không để đi theo người lạ hứa việc làm lương cao.",
			"Đảng viên phải nắm chắc các hộ trong nhóm, có người đi vắng dài ngày phải hỏi rõ đi đâu.",
			"Tôi đề nghị phối hợp với chi đoàn tuyên truyền trên nhóm Zalo của bản.",
		},
		conclusion: "Đảng viên tuyên truyền đến từng hộ về phòng, chống ma túy, mua bán người; nắm chắc người đi vắng dài ngày và báo công an xã khi có dấu hiệu nghi vấn.",
		task: taskTpl{"Tuyên truyền phòng, chống ma túy, mua bán người đến từng hộ trong nhóm",
			"Đã tuyên truyền đến {N} hộ, phát tờ rơi song ngữ Việt – Mông.",
			"Đã tuyên truyền được khoảng một nửa số hộ."}},
	{title: "Giữ gìn bản sắc văn hóa dân tộc, vận động bỏ hủ tục trong việc cưới, việc tang",
		intro: "nêu những phong tục tốt cần giữ và những tục lệ tốn kém cần bỏ trong cưới hỏi, tang ma.",
		lines: []string{
			"Đám tang ở bản vẫn để người chết trong nhà nhiều ngày, mổ nhiều trâu bò, rất tốn kém.",
			"Cần giữ tiếng khèn, điệu múa của dân tộc mình, nhưng bỏ những tục lệ lạc hậu.",
			"Đảng viên nhà nào có việc phải làm gọn, làm mẫu để bà con theo.",
			"Đề nghị đưa nội dung này vào hương ước của bản.",
		},
		conclusion: "Đảng viên gương mẫu tổ chức việc cưới, việc tang văn minh, tiết kiệm; đưa nội dung vào hương ước bản; giữ gìn các giá trị văn hóa tốt đẹp của dân tộc.",
		task: taskTpl{"Đề xuất bổ sung nội dung cưới, tang văn minh vào hương ước của bản",
			"Hương ước bổ sung đã được hội nghị bản thông qua.",
			"Đã có dự thảo, chưa tổ chức được hội nghị bản."}},
	{title: "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh: đảng viên nêu gương ở khu dân cư",
		intro: "nêu những lời dạy của Bác về đạo đức người đảng viên và liên hệ với việc làm hằng ngày ở bản.",
		lines: []string{
			"Bác dạy đảng viên đi trước, làng nước theo sau; ở bản mình điều đó là làm trước để bà con làm theo.",
			"Tôi tự thấy còn ngại va chạm khi góp ý các hộ vi phạm, cần sửa.",
			"Đề nghị mỗi đảng viên đăng ký một việc làm theo Bác và báo cáo vào cuối năm.",
			"Cần biểu dương đồng chí nào làm tốt để mọi người học tập.",
		},
		conclusion: "Mỗi đảng viên đăng ký một việc làm cụ thể học tập và làm theo Bác; chi bộ đánh giá việc thực hiện khi kiểm điểm cuối năm.",
		task: taskTpl{"Đăng ký việc làm cụ thể học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
			"Đã có {N} đảng viên đăng ký việc làm cụ thể.",
			"Còn {n} đồng chí chưa đăng ký."}},
	{from: "2025-08-01",
		title: "Nâng cao chất lượng sinh hoạt chi bộ theo Chỉ thị số 50-CT/TW của Ban Bí thư",
		intro: "nêu yêu cầu mới về nội dung, thời lượng sinh hoạt chi bộ và những hạn chế của chi bộ mình.",
		lines: []string{
			"Sinh hoạt của chi bộ mình có lúc còn nặng về triển khai việc của bản, ít thời gian thảo luận.",
			"Đề nghị tài liệu sinh hoạt được gửi trước một ngày để đảng viên đọc trước.",
			"Cần dành thời gian nói về tư tưởng đảng viên, đồng chí nào có khó khăn phải nói ra.",
			"Tôi đề nghị giữ đúng giờ, đến muộn phải nhắc nhở.",
		},
		conclusion: "Chi bộ đổi mới nội dung sinh hoạt: chuẩn bị kỹ, gửi tài liệu trước, bảo đảm thời lượng, dành thời gian thảo luận và tự phê bình, phê bình.",
		task: taskTpl{"Xây dựng kế hoạch nâng cao chất lượng sinh hoạt chi bộ",
			"Đã xây dựng kế hoạch và thực hiện từ kỳ sinh hoạt này.",
			"Dự thảo kế hoạch đang xin ý kiến các đảng viên."}},
	{from: "2025-07-10",
		title: "Đảng viên đi đầu chuyển đổi số: dùng Sổ tay đảng viên điện tử và dịch vụ công trực tuyến",
		intro: "hướng dẫn cài đặt, sử dụng Sổ tay đảng viên điện tử và nộp hồ sơ dịch vụ công trên điện thoại.",
		lines: []string{
			"Nhiều đồng chí lớn tuổi chưa dùng điện thoại thông minh, cần có người kèm.",
			"Bản mình sóng điện thoại yếu, phải lên đầu bản mới vào được mạng.",
			"Tôi nhận hướng dẫn cho các đồng chí ở cụm dân cư phía dưới.",
			"Đề nghị chi đoàn thanh niên giúp bà con cài ứng dụng định danh điện tử.",
		},
		conclusion: "Các đảng viên trẻ kèm các đảng viên lớn tuổi cài đặt, sử dụng Sổ tay đảng viên điện tử; phấn đấu đến cuối quý mọi đảng viên có điện thoại thông minh đều sử dụng được.",
		task: taskTpl{"Kèm cặp đảng viên lớn tuổi cài đặt, sử dụng Sổ tay đảng viên điện tử",
			"Đã có {N} đảng viên sử dụng được Sổ tay đảng viên điện tử.",
			"Mới hướng dẫn được {n} đồng chí, còn lại tiếp tục."}},
	{title: "Bảo vệ và phát triển rừng đầu nguồn",
		intro: "nêu hiện trạng rừng đầu nguồn của bản, quy định về giao khoán bảo vệ rừng và tiền dịch vụ môi trường rừng.",
		lines: []string{
			"Rừng đầu nguồn giữ nước cho ruộng bậc thang của cả bản, mất rừng là mất nước.",
			"Vẫn còn người lấy gỗ về làm nhà không xin phép, cần xử lý nghiêm.",
			"Tiền dịch vụ môi trường rừng phải chi công khai để bà con thấy lợi ích của giữ rừng.",
			"Đề nghị tổ bảo vệ rừng đi tuần cả những ngày mưa.",
		},
		conclusion: "Đảng viên gương mẫu bảo vệ rừng đầu nguồn, vận động nhân dân không chặt phá rừng; công khai tiền dịch vụ môi trường rừng.",
		task: taskTpl{"Phối hợp kiểm lâm địa bàn rà soát diện tích rừng giao khoán, công khai tiền dịch vụ môi trường rừng",
			"Đã rà soát và công khai tại nhà văn hóa bản.",
			"Đã rà soát, chờ kiểm lâm xác nhận số liệu."}},
	{title: "Xây dựng gia đình văn hóa, bản văn hóa gắn với xây dựng nông thôn mới",
		intro: "nêu các tiêu chí gia đình văn hóa, bản văn hóa và những tiêu chí nông thôn mới bản còn thiếu.",
		lines: []string{
			"Năm nay có {N} hộ đăng ký gia đình văn hóa, đề nghị đảng viên đăng ký trước.",
			"Tiêu chí về nhà tiêu hợp vệ sinh của bản còn thấp, cần vận động.",
			"Đề nghị duy trì đội văn nghệ của bản để giữ phong trào.",
		},
		conclusion: "Gia đình đảng viên phải đạt gia đình văn hóa; vận động nhân dân làm nhà tiêu hợp vệ sinh, giữ phong trào văn hóa, văn nghệ của bản.",
		task: taskTpl{"Vận động các hộ trong nhóm làm nhà tiêu hợp vệ sinh",
			"Đã có thêm {n} hộ làm nhà tiêu hợp vệ sinh.",
			"Các hộ đã đào hố, đang chờ vật liệu."}},
}

// feeTask is the monthly collection of party fees, given to the secretary of the meeting.
var feeTask = taskTpl{"Thu đảng phí tháng {m} của đảng viên, nộp " + officeName + " đúng hạn",
	"Đã thu đủ đảng phí tháng {m} và nộp " + officeName + ".",
	"Còn {n} đồng chí chưa nộp, đang đôn đốc."}

// Absence reasons: anyone's, in the farming seasons, young parents', the old.
var (
	reasonsAny    = []string{"Đi làm ăn xa", "Ốm", "Nhà có đám hiếu", "Đi thăm người nhà ốm ở bệnh viện tỉnh"}
	reasonsSeason = []string{"Lên nương", "Lên nương", "Lên nương"} // thrice: the likeliest reason then
	reasonsParent = []string{"Đưa con đi viện"}
	reasonsOld    = []string{"Ốm", "Tuổi cao, sức yếu", "Ốm, đang điều trị tại nhà"}
	shortReasons  = []string{
		"Mưa lớn, đường vào nhà văn hóa trơn trượt; chi bộ thống nhất rút ngắn thời gian sinh hoạt.",
		"Mất điện, chi bộ sinh hoạt dưới đèn pin nên rút ngắn phần thảo luận.",
		"Nhiều đảng viên phải đi chữa cháy rừng ở bản bên ngay sau buổi sinh hoạt.",
		"Đang vụ thu hoạch, chi bộ thống nhất rút ngắn thời gian sinh hoạt.",
	}
	lateReasons = []string{"mưa lớn kéo dài, đường sạt lở", "đồng chí được giao đi vắng", "chưa có kinh phí", "vật tư chưa về"}
	starts      = []string{"19:00", "19:30", "19:30", "19:30", "20:00"}
)

// Documents passed down to the cell in a period (ISO dates, both included).
var documents = []struct{ from, to, text string }{
	{"2025-01-01", "2025-02-28", "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia"},
	{"2025-04-15", "2025-06-30", "Nghị quyết số 60-NQ/TW ngày 12/4/2025 Hội nghị lần thứ mười một Ban Chấp hành Trung ương Đảng khóa XIII"},
	{"2025-08-01", "2025-10-31", "Chỉ thị số 50-CT/TW ngày 23/7/2025 của Ban Bí thư về tiếp tục đổi mới và nâng cao chất lượng sinh hoạt chi bộ"},
	{"2025-08-10", "2025-09-10", "Chỉ thị số 51-CT/TW ngày 08/8/2025 của Ban Bí thư về đổi thẻ đảng viên"},
	{"2025-10-01", "2025-12-31", "Quy định số 366-QĐ/TW của Bộ Chính trị về kiểm điểm, đánh giá, xếp loại chất lượng tập thể, cá nhân trong hệ thống chính trị"},
	{"2025-11-01", "2026-01-31", "Hướng dẫn số 42-HD/BTCTW ngày 28/10/2025 của Ban Tổ chức Trung ương về nâng cao chất lượng sinh hoạt chi bộ"},
	{"2026-02-10", "2026-04-30", "Quy định số 01-QĐ/TW ngày 03/02/2026 của Bộ Chính trị về chế độ đảng phí"},
}

// slot is one meeting of the plan.
type slot struct {
	date     store.Date
	kind     string
	theme    *theme    // thematic and combined meetings
	short    bool      // held in 70–85 minutes
	misEnd   bool      // its minutes give the wrong end time, corrected after the next meeting
	draft    bool      // this month's meeting, still being written
	admit    []*person // candidates the cell proposes for admission
	official []*person // probationary members the cell proposes for official status
	next     *slot     // the next regular (or combined) meeting
	topic    string    // its summary line
	guests   []store.Guest
}

func (s *slot) main() bool { return s.kind != store.MeetingThematic }

// pendingTask is a task given by an approved meeting and not yet reported done.
type pendingTask struct {
	review        store.TaskReview
	done, partial string
	times         int // how many meetings have reviewed it already
}

// meetingGen draws the meetings. Like gen, it depends only on its seed and today.
type meetingGen struct {
	r       *rand.Rand
	today   store.Date
	c       *store.Cell
	people  map[string]*person    // by member id
	arrival map[string]store.Date // members who came from elsewhere: the day they came
	chair   string                // the secretary's member id
	clerkID string                // the member who keeps the minutes
	clerk   string

	// absentee stops coming, without a reason, from absentFrom on; dropout did the same
	// before being removed from the Party.
	absentee, dropout       string
	absentFrom, dropoutFrom store.Date
	dropoutTo               store.Date

	guest   store.Guest // the commune committee member who follows the cell
	police  store.Guest // the commune police officer, at meetings on security
	streak  map[string]int
	pending []*pendingTask
	last    map[string]bool      // the topics of the previous regular meeting
	visited bool                 // the absentee's visit has been assigned
	notice  map[int]int          // the commune's notice numbers, by year
	results map[string][2]string // by task id: what the next meeting reports when done, and while under way
}

// meetings adds the demo's meetings to c; ps are the roster as drawn, already in the cell.
func (g *gen) meetings(ctx context.Context, c *store.Cell, ps []*person) error {
	ms, err := c.ListMembers(ctx)
	if err != nil {
		return err
	}
	byName := map[string]*person{}
	for _, p := range ps {
		byName[p.m.FullName] = p
	}
	mg := &meetingGen{
		today: g.today, c: c, people: map[string]*person{}, arrival: map[string]store.Date{},
		streak: map[string]int{}, last: map[string]bool{}, notice: map[int]int{}, results: map[string][2]string{},
	}
	ids := map[*person]string{}
	for _, m := range ms {
		p := byName[m.FullName]
		if p == nil {
			return fmt.Errorf("demo: member %s is not in the roster drawn", m.FullName)
		}
		mg.people[m.ID], ids[p] = p, m.ID
		for _, e := range p.later {
			if e.Kind == store.EventTransferIn || e.Kind == store.EventTempIn {
				mg.arrival[m.ID] = e.Date
			}
		}
	}
	mg.chair = ids[ps[0]]
	mg.clerkID, mg.clerk = ids[ps[1]], ps[1].m.FullName // the retired teacher keeps the minutes
	mg.guest = store.Guest{Name: g.name(nationOf("Tày"), "male"), Position: "Đảng ủy viên, phụ trách " + cellName}
	mg.police = store.Guest{Name: g.name(nationOf("Kinh"), "male"), Position: "Phó Trưởng Công an xã " + place}
	mg.r = rand.New(rand.NewPCG(g.r.Uint64(), g.r.Uint64()))

	slots := mg.plan(ps)
	mg.pickAbsentees(ps, ids, slots)
	var misEnd *store.Meeting
	var realEnd string
	for _, s := range slots {
		m, err := c.CreateMeeting(ctx, s.kind, s.date)
		if err != nil {
			return fmt.Errorf("demo: meeting of %s: %w", s.date, err)
		}
		end := mg.write(&m, s)
		if m, err = c.SaveMeetingDraft(ctx, m); err != nil {
			return fmt.Errorf("demo: minutes of %s: %w", s.date, err)
		}
		if s.draft {
			continue
		}
		ap, err := c.ApproveMeeting(ctx, m.ID, m.Version)
		if err != nil {
			return fmt.Errorf("demo: approving the minutes of %s: %w", s.date, err)
		}
		for _, t := range ap.Body.Tasks {
			mg.pending = append(mg.pending, mg.taskPending(t, ap.ID))
		}
		if s.misEnd {
			misEnd, realEnd = &ap, end
		} else if misEnd != nil {
			// Read out at the next meeting, the wrong end time was noticed and corrected.
			if err := mg.correct(ctx, *misEnd, realEnd, s.date); err != nil {
				return err
			}
			misEnd = nil
		}
	}
	return nil
}

// plan lays out the meetings: a regular one in each of the last meetingMonths months and in
// this one (the draft), a thematic one in every quarter, and who is proposed for admission or
// official status at which meeting.
func (mg *meetingGen) plan(ps []*person) []*slot {
	r := mg.r
	t := mg.today.Time()
	thisMonth := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	regular := make([]*slot, meetingMonths+1)
	type quarterKey struct{ year, q int }
	var quarters []quarterKey
	months := map[quarterKey][]int{}
	for i := range regular {
		mo := thisMonth.AddDate(0, i-meetingMonths, 0)
		day := 3 + r.IntN(8)
		if i == meetingMonths && day > t.Day() {
			day = t.Day() // this month's meeting is not in the future
		}
		regular[i] = &slot{date: store.NewDate(mo.Year(), mo.Month(), day), kind: store.MeetingRegular,
			draft: i == meetingMonths}
		if i < meetingMonths {
			k := quarterKey{mo.Year(), (int(mo.Month())-1)/3 + 1}
			if len(months[k]) == 0 {
				quarters = append(quarters, k)
			}
			months[k] = append(months[k], i)
		}
	}
	slots := append([]*slot(nil), regular...)
	used := map[int]bool{}
	next := r.IntN(len(themes))
	for _, k := range quarters {
		i := months[k][r.IntN(len(months[k]))]
		s := regular[i]
		th := mg.pickTheme(s.date, &next, used)
		if r.IntN(5) < 2 {
			s.kind, s.theme = store.MeetingCombined, th
			continue
		}
		d := s.date.Time()
		slots = append(slots, &slot{date: store.NewDate(d.Year(), d.Month(), 13+r.IntN(12)),
			kind: store.MeetingThematic, theme: th})
	}
	// A few short regular meetings, and one whose minutes get the end time wrong.
	var plain []int
	for i, s := range regular[:meetingMonths] {
		if s.kind == store.MeetingRegular {
			plain = append(plain, i)
		}
	}
	r.Shuffle(len(plain), func(a, b int) { plain[a], plain[b] = plain[b], plain[a] })
	for _, i := range plain[:3] {
		regular[i].short = true
	}
	for _, back := range r.Perm(4) {
		if s := regular[meetingMonths-3-back]; !s.short {
			s.misEnd = true
			break
		}
	}
	sortSlots(slots)
	var nextMain *slot
	for i := len(slots) - 1; i >= 0; i-- {
		slots[i].next = nextMain
		if slots[i].main() {
			nextMain = slots[i]
		}
	}
	for _, s := range slots {
		s.topic = topicLine(s)
	}
	// Admissions are voted at the last regular meeting at least ten days before the commune's
	// decision; official status at the first one after the twelve months of probation.
	first := slots[0].date
	for _, p := range ps {
		if d := p.m.DecisionDate; d.Valid() && !d.Before(first) {
			if s := lastMainBefore(slots, d.AddDays(-10)); s != nil {
				s.admit = append(s.admit, p)
			}
		}
		if c := p.m.CeremonyDate; c.Valid() {
			end := c.AddMonths(12)
			if !end.Before(first) && !end.After(mg.today) {
				if s := firstMainFrom(slots, end); s != nil {
					s.official = append(s.official, p)
				}
			}
		}
	}
	for _, s := range slots {
		if s.kind != store.MeetingRegular || len(s.admit)+len(s.official) > 0 || r.IntN(6) == 0 {
			s.guests = append(s.guests, mg.guest)
		}
		if s.theme != nil && (strings.Contains(s.theme.title, "ma túy") || strings.Contains(s.theme.title, "biên giới")) {
			s.guests = append(s.guests, mg.police)
		}
	}
	return slots
}

// pickTheme returns the next subject in force on d not used yet (all of them once, then again).
func (mg *meetingGen) pickTheme(d store.Date, next *int, used map[int]bool) *theme {
	for round := 0; round < 2; round++ {
		for k := 0; k < len(themes); k++ {
			i := (*next + k) % len(themes)
			th := &themes[i]
			if used[i] || (th.from != "" && d.Before(store.ParseISO(th.from))) {
				continue
			}
			used[i], *next = true, i+1
			return th
		}
		clear(used)
	}
	return &themes[0]
}

func sortSlots(s []*slot) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j].date.Before(s[j-1].date); j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// lastMainBefore returns the last approved regular or combined meeting on or before d.
func lastMainBefore(slots []*slot, d store.Date) *slot {
	var found *slot
	for _, s := range slots {
		if s.main() && !s.draft && !s.date.After(d) {
			found = s
		}
	}
	return found
}

// firstMainFrom returns the first regular or combined meeting on or after d.
func firstMainFrom(slots []*slot, d store.Date) *slot {
	for _, s := range slots {
		if s.main() && !s.date.Before(d) {
			return s
		}
	}
	return nil
}

// topicLine is a meeting's summary line, as the resolution prints it.
func topicLine(s *slot) string {
	t := s.date.Time()
	month := fmt.Sprintf("Lãnh đạo thực hiện nhiệm vụ tháng %d năm %d", t.Month(), t.Year())
	switch s.kind {
	case store.MeetingThematic:
		return "Chuyên đề: " + s.theme.title
	case store.MeetingCombined:
		return month + "; chuyên đề: " + s.theme.title
	}
	return month
}

// pickAbsentees names the member who stopped coming in the last months (an ordinary official
// member of working age) and, when it falls in the period, the removed member's last months.
func (mg *meetingGen) pickAbsentees(ps []*person, ids map[*person]string, slots []*slot) {
	var pool []*person
	for _, p := range ps[len(cast):] {
		if !p.m.Retired && fullYears(p.m.BirthDate, mg.today) < 60 && p.m.OfficialDate.Before(mg.today.AddMonths(-8)) {
			pool = append(pool, p)
		}
	}
	if len(pool) == 0 {
		pool = ps[len(cast):]
	}
	p := pool[mg.r.IntN(len(pool))]
	mg.absentee = ids[p]
	var mains []*slot
	for _, s := range slots {
		if s.main() {
			mains = append(mains, s)
		}
	}
	mg.absentFrom = mains[len(mains)-1-(3+mg.r.IntN(2))].date
	for _, p := range ps {
		for _, e := range p.later {
			if e.Kind == store.EventRemoved && e.Date.After(slots[0].date.AddMonths(4)) {
				mg.dropout, mg.dropoutFrom, mg.dropoutTo = ids[p], e.Date.AddMonths(-4), e.Date
			}
		}
	}
}

// write fills a meeting's minutes as the secretary would, and returns the true end time.
func (mg *meetingGen) write(m *store.Meeting, s *slot) string {
	r := mg.r
	b := &m.Body
	b.Place = meetingPlace
	b.Topic = s.topic
	b.Guests = append([]store.Guest{}, s.guests...)
	b.Documents = mg.documents(s)
	b.SecretaryID, b.Secretary = mg.clerkID, mg.clerk
	if b.ChairID == "" {
		b.ChairID = mg.chair
	}
	// Members who came from elsewhere are not on the list before they came.
	att := b.Attendance[:0]
	for _, a := range b.Attendance {
		if d, ok := mg.arrival[a.MemberID]; !ok || !d.After(s.date) {
			att = append(att, a)
		}
	}
	b.Attendance = att
	mg.attend(s, b.Attendance)
	if s.main() {
		b.FeeReport = mg.feeReport(s, b.Attendance)
	}

	start := choose(r, starts)
	minutes := 95 + 5*r.IntN(5)
	switch {
	case s.short:
		minutes = 70 + 5*r.IntN(4)
	case s.kind == store.MeetingCombined:
		minutes = 120 + 5*r.IntN(3)
	case s.kind == store.MeetingThematic:
		minutes = 90 + 5*r.IntN(4)
	}
	b.Start = start
	end := addMinutes(start, minutes)
	b.End = end
	if s.misEnd {
		b.End = addMinutes(end, -30)
	}
	if s.short {
		b.Notes = choose(r, shortReasons)
	}

	present := presentOf(b.Attendance, mg.chair, mg.clerkID)
	vars := mg.vars(s)
	var tasks []store.Task
	var items []store.AgendaItem
	if s.main() {
		b.Reviews = mg.reviews(s, b.Reviews)
		items = append(items, mg.reviewItem(s, b.Reviews, present, vars))
		items = append(items, mg.item("Tình hình tư tưởng đảng viên và nhân dân trong bản", thoughtLines,
			thoughtConclusion, present, vars, s.guests, false))
		for _, tp := range mg.seasonal(s.date) {
			items = append(items, mg.item(tp.title, tp.lines, tp.conclusion, present, vars, nil, false))
			tasks = append(tasks, mg.task(s, tp.task, b.Attendance, vars))
		}
		if mg.r.IntN(2) == 0 {
			t := mg.task(s, feeTask, b.Attendance, vars)
			t.AssigneeIDs, t.Assignees = []string{mg.clerkID}, []string{mg.clerk}
			tasks = append(tasks, t)
		}
		for _, p := range s.admit {
			items = append(items, mg.admission(p, present, vars, s.guests))
		}
		for _, p := range s.official {
			items = append(items, mg.officialItem(p, b.Attendance, present, vars))
		}
	} else {
		b.Reviews = []store.TaskReview{} // a thematic meeting does not review the month's tasks
	}
	if s.theme != nil {
		items = append(items, mg.themeItem(s, present, vars))
		if !s.draft {
			tasks = append(tasks, mg.task(s, s.theme.task, b.Attendance, vars))
		}
	}
	if s.kind == store.MeetingThematic {
		items = append(items, mg.item("Liên hệ trách nhiệm của đảng viên", themeDuties, themeDutiesConclusion,
			present, vars, nil, false))
	}
	if t, ok := mg.visit(s, b.Attendance, vars); ok {
		tasks = append(tasks, t)
	}
	if s.main() {
		items = append(items, mg.planItem(s, tasks, present, vars))
	}

	if s.draft {
		// The secretary has typed the opening, half of the review and the first items.
		b.Items = items[:min(3, len(items))]
		for i, it := range items {
			if i >= 3 && strings.HasPrefix(it.Title, "Xét đề nghị") {
				b.Items = append(b.Items, it)
			}
		}
		for i := (len(b.Reviews) + 1) / 2; i < len(b.Reviews); i++ {
			b.Reviews[i].Status, b.Reviews[i].Result = "", ""
		}
		b.Items[0].Conclusion = "" // the review is not finished
		b.End = ""
		b.Notes = "Còn ghi tiếp phần thảo luận, phân công nhiệm vụ và biểu quyết."
		return end
	}
	b.Items = items
	b.Tasks = tasks
	b.Resolutions = mg.resolutions(s, b.Attendance)
	b.Manual = mg.manual(s, b.Reviews)
	if s.next != nil {
		b.NextDate, b.NextContent = s.next.date, s.next.topic
	}
	return end
}

var (
	themeDuties = []string{
		"Tôi tự nhận thấy mình còn ngại nói trước đông người, sẽ cố gắng mạnh dạn hơn.",
		"Gia đình tôi sẽ làm trước việc này để các hộ xung quanh làm theo.",
		"Đề nghị chi ủy theo dõi, nhắc nhở đồng chí nào làm chưa tốt.",
		"Tôi nhận giúp đỡ thêm một hộ khó khăn ở cụm dân cư của mình.",
	}
	themeDutiesConclusion = "Mỗi đảng viên liên hệ bản thân, đăng ký việc làm cụ thể; chi ủy theo dõi, đánh giá khi kiểm điểm cuối năm."
)

// attend marks who came. The chair and the secretary of the meeting always do; exempted and
// temporarily-away members mostly stay home (they are not expected); the absentee and the
// dropout stay away without a reason; the others are absent now and then, with a reason fitting
// the season and their age, and never three times in a row by chance.
func (mg *meetingGen) attend(s *slot, as []store.Attendance) {
	r := mg.r
	month := int(s.date.Time().Month())
	for i := range as {
		a := &as[i]
		id := a.MemberID
		p := mg.people[id]
		age := 40
		if p != nil {
			age = fullYears(p.m.BirthDate, s.date)
		}
		expected := true
		switch {
		case id == mg.chair || id == mg.clerkID:
			a.Status = store.AttPresent
		case store.HasFlag(a.Flags, store.FlagTempOut):
			a.Status, a.Reason, expected = store.AttAbsentExcused, "Đang sinh hoạt đảng tạm thời ở nơi khác", false
		case store.HasFlag(a.Flags, store.FlagExempted):
			a.Status, a.Reason, expected = store.AttAbsentExcused, "Được miễn công tác và sinh hoạt đảng", false
			if r.IntN(7) == 0 {
				a.Status, a.Reason, expected = store.AttPresent, "", true
			}
		case store.HasFlag(a.Flags, store.FlagSuspended):
			a.Status, a.Reason = store.AttAbsentExcused, "Đang bị đình chỉ sinh hoạt đảng"
		case id == mg.absentee && !s.date.Before(mg.absentFrom),
			id == mg.dropout && !s.date.Before(mg.dropoutFrom) && s.date.Before(mg.dropoutTo):
			a.Status, a.Reason = store.AttAbsentUnexcused, ""
		default:
			a.Status, a.Reason = store.AttPresent, ""
			pEx, pUn := 0.06, 0.005
			if age >= 70 {
				pEx = 0.14
			}
			switch mg.streak[id] {
			case 0:
			case 1:
				pEx, pUn = pEx/2, 0
			default:
				pEx, pUn = 0, 0
			}
			switch x := r.Float64(); {
			case x < pUn:
				a.Status = store.AttAbsentUnexcused
			case x < pUn+pEx:
				a.Status, a.Reason = store.AttAbsentExcused, mg.reason(age, month)
			}
		}
		if expected {
			if a.Status == store.AttPresent {
				mg.streak[id] = 0
			} else {
				mg.streak[id]++
			}
		}
	}
}

// reason draws why a member of this age stayed away in this month.
func (mg *meetingGen) reason(age, month int) string {
	pool := append([]string(nil), reasonsAny...)
	switch month {
	case 3, 4, 5, 9, 10, 11: // sowing and harvest on the fields up the hill
		pool = append(pool, reasonsSeason...)
	}
	if age < 50 {
		pool = append(pool, reasonsParent...)
	}
	if age >= 70 {
		pool = reasonsOld
	}
	return choose(mg.r, pool)
}

// feeReport announces last month's party fees: who paid, and who did not.
func (mg *meetingGen) feeReport(s *slot, as []store.Attendance) string {
	t := s.date.Time()
	prev := t.AddDate(0, -1, 0)
	total := 0
	var unpaid []string
	for _, a := range as {
		if store.HasFlag(a.Flags, store.FlagTempIn) {
			continue // pays at her own cell
		}
		total++
		if a.Status == store.AttAbsentUnexcused && mg.streak[a.MemberID] >= 2 {
			unpaid = append(unpaid, a.Name)
		}
	}
	text := fmt.Sprintf("Đảng phí tháng %d/%d: %d/%d đồng chí đã nộp", prev.Month(), prev.Year(), total-len(unpaid), total)
	if len(unpaid) == 0 {
		text += ", đạt 100%."
	} else {
		text += "; chưa nộp: đồng chí " + strings.Join(unpaid, ", đồng chí ") + "."
	}
	if d := s.date.ISO(); d >= "2026-02-03" && d <= "2026-06-30" {
		text += " Mức đóng thực hiện theo Quy định số 01-QĐ/TW của Bộ Chính trị."
	}
	return text
}

// documents lists what came down from above: the commune's monthly notice, and the Party's
// documents of the period.
func (mg *meetingGen) documents(s *slot) []string {
	if !s.main() {
		return []string{}
	}
	t := s.date.Time()
	mg.notice[t.Year()] += 2 + mg.r.IntN(4)
	issued := s.date.AddDays(-(3 + mg.r.IntN(6)))
	out := []string{fmt.Sprintf("Thông báo số %02d-TB/ĐU ngày %s của %s về nhiệm vụ trọng tâm tháng %d",
		mg.notice[t.Year()], issued.DMY(), officeName, t.Month())}
	d := s.date.ISO()
	for _, doc := range documents {
		if d >= doc.from && d <= doc.to {
			out = append(out, doc.text)
		}
	}
	return out
}

// vars are the values of the placeholders in a meeting's texts.
func (mg *meetingGen) vars(s *slot) map[string]string {
	t := s.date.Time()
	next, prev := t.AddDate(0, 1, 0), t.AddDate(0, -1, 0)
	return map[string]string{
		"{n}": fmt.Sprint(2 + mg.r.IntN(7)), "{N}": fmt.Sprint(12 + mg.r.IntN(30)),
		"{m}": fmt.Sprint(int(t.Month())), "{y}": fmt.Sprint(t.Year()),
		"{next}": fmt.Sprint(int(next.Month())), "{prev}": fmt.Sprint(int(prev.Month())),
	}
}

func expand(s string, vars map[string]string) string {
	for k, v := range vars {
		s = strings.ReplaceAll(s, k, v)
	}
	return s
}

// seasonal draws one or two items for the month: one tied to the period when there is one,
// otherwise those of the season or of any month, not the ones discussed last time.
func (mg *meetingGen) seasonal(d store.Date) []*topic {
	month := int(d.Time().Month())
	iso := d.ISO()
	var timely, fit []*topic
	for i := range topics {
		tp := &topics[i]
		if (tp.from != "" && iso < tp.from) || (tp.to != "" && iso > tp.to) {
			continue
		}
		if len(tp.months) > 0 && !contains(tp.months, month) {
			continue
		}
		switch {
		case mg.last[tp.title]:
		case tp.from != "":
			timely = append(timely, tp)
		default:
			fit = append(fit, tp)
		}
	}
	mg.r.Shuffle(len(fit), func(a, b int) { fit[a], fit[b] = fit[b], fit[a] })
	n := 1 + mg.r.IntN(2)
	out := append(timely, fit...)[:n]
	clear(mg.last)
	for _, tp := range out {
		mg.last[tp.title] = true
	}
	return out
}

func contains(xs []int, x int) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// speaker is a member present who may speak, or a guest.
type speaker struct{ id, name string }

// presentOf lists the members present, the chair and the secretary of the meeting left out
// (the chair concludes, the secretary writes).
func presentOf(as []store.Attendance, chair, clerk string) []speaker {
	var out []speaker
	for _, a := range as {
		if a.Status == store.AttPresent && a.MemberID != chair && a.MemberID != clerk {
			out = append(out, speaker{a.MemberID, a.Name})
		}
	}
	return out
}

// item is an agenda item with two or three speakers drawn from those present (a guest may add
// a word), each saying one of lines, and the chair's conclusion.
func (mg *meetingGen) item(title string, lines []string, conclusion string, present []speaker,
	vars map[string]string, guests []store.Guest, guestSpeaks bool) store.AgendaItem {
	r := mg.r
	n := min(2+r.IntN(2), len(lines), len(present))
	who := r.Perm(len(present))[:n]
	what := r.Perm(len(lines))[:n]
	it := store.AgendaItem{Title: expand(title, vars), Speeches: []store.Speech{}, Conclusion: expand(conclusion, vars)}
	for k := range n {
		sp := present[who[k]]
		text := expand(lines[what[k]], vars)
		if k > 0 && r.IntN(4) == 0 {
			text = strings.ReplaceAll(agreeWith, "{prev}", it.Speeches[k-1].Speaker) + text
		}
		it.Speeches = append(it.Speeches, store.Speech{SpeakerID: sp.id, Speaker: sp.name, Text: text})
	}
	if guestSpeaks && len(guests) > 0 {
		it.Speeches = append(it.Speeches, store.Speech{Speaker: guests[0].Name,
			Text: "Ghi nhận ý kiến của các đồng chí; đề nghị chi bộ thực hiện tốt các nội dung đã thống nhất và báo cáo Đảng ủy xã đúng hạn."})
	}
	return it
}

// reviews sets the result of each task due for review: last month's tasks the store brought
// forward, and those not yet done from earlier meetings (or from a thematic meeting in between).
func (mg *meetingGen) reviews(s *slot, brought []store.TaskReview) []store.TaskReview {
	out := append([]store.TaskReview{}, brought...)
	have := map[string]bool{}
	for _, rv := range out {
		have[rv.TaskID] = true
	}
	byID := map[string]*pendingTask{}
	for _, p := range mg.pending {
		byID[p.review.TaskID] = p
		if !have[p.review.TaskID] {
			out = append(out, p.review)
		}
	}
	var still []*pendingTask
	for i := range out {
		rv := &out[i]
		p := byID[rv.TaskID]
		if p == nil { // not one of the demo's: leave it for the secretary
			continue
		}
		x := mg.r.IntN(100)
		switch {
		case x < 80 || p.times >= 1 && x < 92 || p.times >= 2:
			rv.Status, rv.Result = store.TaskDone, p.done
		case x < 92:
			rv.Status, rv.Result = store.TaskInProgress, p.partial
		default:
			rv.Status = store.TaskOverdue
			rv.Result = "Chưa hoàn thành do " + choose(mg.r, lateReasons) + "; chi bộ yêu cầu hoàn thành trong tháng " +
				fmt.Sprint(int(s.date.Time().Month())) + "."
		}
		if rv.Status != store.TaskDone {
			p.times++
			still = append(still, p)
		}
	}
	if !s.draft {
		mg.pending = still
	}
	return out
}

// reviewItem is the first item: how last month's resolution was carried out.
func (mg *meetingGen) reviewItem(s *slot, rvs []store.TaskReview, present []speaker, vars map[string]string) store.AgendaItem {
	done := 0
	for _, rv := range rvs {
		if rv.Status == store.TaskDone {
			done++
		}
	}
	conclusion := "Các nhiệm vụ tháng {prev} cơ bản hoàn thành."
	if len(rvs) > 0 {
		conclusion = fmt.Sprintf("Tháng {prev}, chi bộ hoàn thành %d/%d nhiệm vụ đề ra", done, len(rvs))
		if done < len(rvs) {
			conclusion += "; các việc chưa xong tiếp tục thực hiện trong tháng {m}"
		}
		conclusion += ". Biểu dương các đồng chí hoàn thành tốt nhiệm vụ được giao."
	}
	return mg.item("Đánh giá kết quả thực hiện nghị quyết tháng {prev}", reviewLines, conclusion, present, vars, nil, false)
}

// planItem is the last item of a regular meeting: next month's tasks and who does them.
func (mg *meetingGen) planItem(s *slot, tasks []store.Task, present []speaker, vars map[string]string) store.AgendaItem {
	var parts []string
	for _, t := range tasks {
		parts = append(parts, lowerFirst(t.Description)+" (đồng chí "+strings.Join(t.Assignees, ", đồng chí ")+")")
	}
	conclusion := "Chi bộ thống nhất phương hướng, nhiệm vụ tháng {m}"
	if len(parts) > 0 {
		conclusion += ": " + strings.Join(parts, "; ")
	}
	conclusion += "."
	return mg.item("Phương hướng, nhiệm vụ tháng {m}", planLines, conclusion, present, vars, nil, false)
}

// admission is the item proposing a candidate: her introducer speaks first when present.
func (mg *meetingGen) admission(p *person, present []speaker, vars map[string]string, guests []store.Guest) store.AgendaItem {
	v := withName(vars, p.m.FullName)
	it := mg.item("Xét đề nghị kết nạp quần chúng {name} vào Đảng", admissionLines,
		"Chi bộ nhất trí đề nghị "+officeName+" xem xét, kết nạp quần chúng {name} vào Đảng.", present, v, guests, true)
	chair := speaker{mg.chair, mg.people[mg.chair].m.FullName}
	for _, sp := range append([]speaker{chair}, present...) {
		if sp.name == p.m.Introducer1 {
			it.Speeches = append([]store.Speech{{SpeakerID: sp.id, Speaker: sp.name, Text: expand(introducerLine, v)}}, it.Speeches...)
			break
		}
	}
	return it
}

// officialItem is the item proposing official status: the member reads her self-review first.
func (mg *meetingGen) officialItem(p *person, as []store.Attendance, present []speaker, vars map[string]string) store.AgendaItem {
	v := withName(vars, p.m.FullName)
	var others []speaker
	var self *speaker
	for i, sp := range present {
		if sp.name == p.m.FullName {
			self = &present[i]
		} else {
			others = append(others, sp)
		}
	}
	it := mg.item("Xét đề nghị công nhận đảng viên chính thức đối với đồng chí {name}", officialLines,
		"Đồng chí {name} đủ tư cách đảng viên; chi bộ đề nghị "+officeName+" công nhận đảng viên chính thức.", others, v, nil, false)
	if self != nil {
		it.Speeches = append([]store.Speech{{SpeakerID: self.id, Speaker: self.name, Text: selfReviewLine}}, it.Speeches...)
	}
	return it
}

// themeItem is the thematic subject: presented by the secretary or an experienced member,
// discussed, and concluded by the chair.
func (mg *meetingGen) themeItem(s *slot, present []speaker, vars map[string]string) store.AgendaItem {
	th := s.theme
	it := mg.item("Chuyên đề: "+th.title, th.lines, th.conclusion, present, vars, s.guests, len(s.guests) > 0)
	presenter := speaker{mg.chair, mg.people[mg.chair].m.FullName}
	if len(present) > 0 && mg.r.IntN(3) == 0 {
		presenter = present[mg.r.IntN(len(present))]
	}
	intro := store.Speech{SpeakerID: presenter.id, Speaker: presenter.name, Text: "Trình bày chuyên đề: " + th.intro}
	it.Speeches = append([]store.Speech{intro}, it.Speeches...)
	return it
}

// task gives a task to one or two members present who can do it, due in the next month.
func (mg *meetingGen) task(s *slot, tp taskTpl, as []store.Attendance, vars map[string]string) store.Task {
	r := mg.r
	var pool []store.Attendance
	for _, a := range as {
		p := mg.people[a.MemberID]
		if a.Status == store.AttPresent && a.MemberID != mg.clerkID && !store.HasFlag(a.Flags, store.FlagExempted) &&
			p != nil && fullYears(p.m.BirthDate, s.date) <= 65 {
			pool = append(pool, a)
		}
	}
	t := store.Task{ID: mg.uuid(), Description: expand(tp.text, vars), AssigneeIDs: []string{}, Assignees: []string{},
		Deadline: mg.deadline(s)}
	mg.results[t.ID] = [2]string{expand(tp.done, vars), expand(tp.partial, vars)}
	n := 1
	if r.IntN(10) < 3 {
		n = 2
	}
	for _, k := range r.Perm(len(pool))[:min(n, len(pool))] {
		t.AssigneeIDs = append(t.AssigneeIDs, pool[k].MemberID)
		t.Assignees = append(t.Assignees, pool[k].Name)
	}
	return t
}

// visit is the task of seeing the absentee at home, given at the meeting she missed for the
// second time.
func (mg *meetingGen) visit(s *slot, as []store.Attendance, vars map[string]string) (store.Task, bool) {
	if mg.visited || s.draft || !s.main() || mg.streak[mg.absentee] < 2 {
		return store.Task{}, false
	}
	name := mg.people[mg.absentee].m.FullName
	mg.visited = true
	tp := taskTpl{"Gặp gỡ, nắm tình hình tư tưởng đồng chí " + name + " vắng sinh hoạt không lý do, động viên đồng chí trở lại sinh hoạt",
		"Đã gặp gia đình; đồng chí " + name + " đi làm thuê ở xa không báo chi bộ, hẹn sẽ về sinh hoạt.",
		"Đã đến nhà hai lần nhưng chưa gặp được đồng chí " + name + "."}
	t := mg.task(s, tp, as, vars)
	t.AssigneeIDs, t.Assignees = []string{mg.chair}, []string{mg.people[mg.chair].m.FullName}
	return t, true
}

// taskPending remembers an approved task with the results to report about it later.
func (mg *meetingGen) taskPending(t store.Task, meetingID string) *pendingTask {
	res := mg.results[t.ID]
	return &pendingTask{review: store.TaskReview{TaskID: t.ID, MeetingID: meetingID, Description: t.Description},
		done: res[0], partial: res[1]}
}

// deadline is a day early in the month after the meeting's, not after the next regular
// meeting, which reviews the task.
func (mg *meetingGen) deadline(s *slot) store.Date {
	t := s.date.Time()
	next := time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, time.UTC)
	last := 10
	if s.next != nil && s.next.date.Time().Month() == next.Month() {
		last = s.next.date.Time().Day()
	}
	return store.NewDate(next.Year(), next.Month(), max(1, last-mg.r.IntN(4)))
}

// resolutions are what the meeting votes on, each counted against the vote base: the month's
// resolution, the thematic conclusion, admissions and official status.
func (mg *meetingGen) resolutions(s *slot, as []store.Attendance) []store.Resolution {
	voters := 0
	for _, a := range as {
		if a.Status == store.AttPresent && a.State == store.StateOfficial && !store.HasFlag(a.Flags, store.FlagTempIn) &&
			!store.HasFlag(a.Flags, store.FlagTempOut) && !store.HasFlag(a.Flags, store.FlagSuspended) {
			voters++
		}
	}
	vote := func(kind, text string) store.Resolution {
		res := store.Resolution{Kind: kind, Text: text, For: voters}
		x := mg.r.IntN(100)
		switch {
		case kind == rules.VoteGeneral && x < 4 && voters > 2:
			res.For, res.Against = voters-1, 1
		case x < 12 && voters > 2:
			res.For, res.Abstain = voters-1, 1
		}
		return res
	}
	t := s.date.Time()
	var out []store.Resolution
	if s.main() {
		out = append(out, vote(rules.VoteGeneral, fmt.Sprintf("Thông qua Nghị quyết lãnh đạo thực hiện nhiệm vụ tháng %d năm %d", t.Month(), t.Year())))
	}
	if s.theme != nil {
		out = append(out, vote(rules.VoteGeneral, "Thông qua kết luận sinh hoạt chuyên đề: "+s.theme.title))
	}
	for _, p := range s.admit {
		out = append(out, vote(rules.VoteAdmission, "Đề nghị "+officeName+" kết nạp quần chúng "+p.m.FullName+" vào Đảng Cộng sản Việt Nam"))
	}
	for _, p := range s.official {
		out = append(out, vote(rules.VoteOfficialStatus, "Đề nghị "+officeName+" công nhận đồng chí "+p.m.FullName+" là đảng viên chính thức"))
	}
	return out
}

// manual scores the criteria the cell judges: mostly high, lower for a short meeting, the
// results in step with the tasks done.
func (mg *meetingGen) manual(s *slot, rvs []store.TaskReview) map[string]float64 {
	r := mg.r
	hi := func(max, drop float64) float64 { return max - float64(r.IntN(int(drop)+1)) }
	sc := map[string]float64{
		"preparation": hi(10, 1), "conduct": hi(25, 3), "chairing": hi(10, 1),
		"principles": hi(5, 0), "closing": hi(5, 0), "results": 28,
	}
	if r.IntN(8) == 0 {
		sc["principles"] = 4
	}
	if r.IntN(6) == 0 {
		sc["closing"] = 4
	}
	if len(rvs) > 0 {
		done := 0
		for _, rv := range rvs {
			if rv.Status == store.TaskDone {
				done++
			}
		}
		sc["results"] = float64(20 + (10*done+len(rvs)/2)/len(rvs))
	}
	if s.short {
		sc["preparation"] -= 2
		sc["conduct"] -= 4 + float64(r.IntN(3))
		sc["results"] -= 2
		sc["closing"] = 4
	}
	return sc
}

// correct starts the correction of minutes with the wrong end time, fixes it and approves it.
func (mg *meetingGen) correct(ctx context.Context, old store.Meeting, end string, noticed store.Date) error {
	cor, err := mg.c.CorrectMeeting(ctx, old.ID, correctionReason)
	if err != nil {
		return fmt.Errorf("demo: correcting the minutes of %s: %w", old.Date, err)
	}
	cor.Body.End = end
	note := fmt.Sprintf("Đính chính theo ý kiến của chi bộ tại buổi sinh hoạt ngày %s: giờ kết thúc là %s, biên bản đã thông qua ghi nhầm %s.",
		noticed.DMY(), end, old.Body.End)
	cor.Body.Notes = strings.TrimSpace(cor.Body.Notes + " " + note)
	if cor, err = mg.c.SaveMeetingDraft(ctx, cor); err != nil {
		return fmt.Errorf("demo: correction of %s: %w", old.Date, err)
	}
	if _, err := mg.c.ApproveMeeting(ctx, cor.ID, cor.Version); err != nil {
		return fmt.Errorf("demo: approving the correction of %s: %w", old.Date, err)
	}
	return nil
}

// uuid draws a task id in the form of a random UUID, from the generator so that it repeats.
func (mg *meetingGen) uuid() string {
	a, b := mg.r.Uint64(), mg.r.Uint64()
	return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x", a>>32, (a>>16)&0xffff, a&0xfff,
		0x8000|(b>>48)&0x3fff, b&0xffffffffffff)
}

func withName(vars map[string]string, name string) map[string]string {
	v := map[string]string{"{name}": name}
	for k, x := range vars {
		v[k] = x
	}
	return v
}

func choose(r *rand.Rand, xs []string) string { return xs[r.IntN(len(xs))] }

func lowerFirst(s string) string {
	c, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(c)) + s[n:]
}

// addMinutes adds n minutes to "HH:MM".
func addMinutes(hm string, n int) string {
	var h, m int
	fmt.Sscanf(hm, "%d:%d", &h, &m)
	t := h*60 + m + n
	return fmt.Sprintf("%02d:%02d", t/60, t%60)
}
